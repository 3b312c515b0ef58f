//! The accept loop. `axum::serve` sets no timer on its connections, so a client that sends its
//! request headers a byte at a time could hold a connection for ever (slowloris); here every
//! connection must deliver its headers within a limit. Graceful shutdown as in `axum::serve`
//! (stop accepting, let requests in flight finish, up to a grace period), with a drain first:
//! what waits in the listen queue is accepted before the port closes, and for a second every
//! HTTP/1 answer says `Connection: close`, so a proxy in front (nginx) stops reusing its
//! kept-alive connections to this instance before they close. A request sent down a connection
//! as it closes is lost: nginx passes such a GET on to another instance, never a POST.

use axum::extract::connect_info::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long requests in flight may take to finish once shutdown starts.
const GRACE: Duration = Duration::from_secs(30);
/// How long kept-alive connections go on being answered, each answer closing its connection,
/// once shutdown starts.
const DRAIN: Duration = Duration::from_secs(1);

pub async fn serve(listener: TcpListener, router: Router, header_timeout: Duration, shutdown: impl Future<Output = ()>) -> std::io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(header_timeout);
    builder.http2().timer(TokioTimer::new()).keep_alive_interval(Some(Duration::from_secs(30)));
    let graceful = GracefulShutdown::new();
    let draining = Arc::new(AtomicBool::new(false));
    let serve_one = |stream: tokio::net::TcpStream, peer: std::net::SocketAddr| {
        let (router, draining) = (router.clone(), draining.clone());
        let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
            let mut req = req.map(axum::body::Body::new);
            req.extensions_mut().insert(ConnectInfo(peer));
            let http1 = req.version() < hyper::Version::HTTP_2;
            let (answer, draining) = (router.clone().oneshot(req), draining.clone());
            async move {
                let mut res = answer.await?;
                if http1 && draining.load(Ordering::Relaxed) {
                    res.headers_mut().insert(hyper::header::CONNECTION, hyper::header::HeaderValue::from_static("close"));
                }
                Ok::<_, std::convert::Infallible>(res)
            }
        });
        let conn = graceful.watch(builder.serve_connection_with_upgrades(TokioIo::new(stream), service).into_owned());
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    };
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                // Out of file descriptors and the like: wait a moment rather than spin.
                Err(e) => {
                    tracing::warn!(error = %e, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        serve_one(stream, peer);
    }
    // Connections already in the listen queue are answered, not reset under a request they may
    // have sent; then the port closes, and a proxy finds it closed and goes elsewhere.
    draining.store(true, Ordering::Relaxed);
    while let Some(Ok((stream, peer))) = futures_util::FutureExt::now_or_never(listener.accept()) {
        serve_one(stream, peer);
    }
    drop(listener);
    tokio::time::sleep(DRAIN).await;
    if tokio::time::timeout(GRACE, graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still running after the grace period; stopping anyway");
    }
    Ok(())
}
