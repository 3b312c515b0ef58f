# Shared by the .ci scripts (sourced, after `say`, `die` and `$python` are set): the installs,
# the loopback ports and the clean-up each of them needs, written once.

S3S_FS_VERSION=0.14.1

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# s3s-fs, the S3-compatible server the tests use, from crates.io when missing.
ensure_s3s_fs() {
  if [ "$(s3s-fs --version 2>/dev/null)" != "s3s-fs $S3S_FS_VERSION" ]; then
    say "installing s3s-fs"
    cargo install s3s-fs --version "$S3S_FS_VERSION" --features binary --locked ||
      cargo install s3s-fs --version "$S3S_FS_VERSION" --features binary
  fi
}

# The machine's PostgreSQL cluster on 127.0.0.1:5432, started when installed and stopped.
ensure_postgres() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && [ -d /etc/postgresql ]; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
}

# Stops the given processes (SIGTERM, then SIGKILL after 10 s), but only those this shell
# started and has not reaped yet: a PID that was waited for may belong to someone else by now.
stop_started() {
  local live=() pid
  for pid in "$@"; do [ "$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ')" = "$$" ] && live+=("$pid"); done
  for pid in "${live[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${live[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    [ "$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ')" = "$$" ] && kill -KILL "$pid" 2>/dev/null || true
  done
}
