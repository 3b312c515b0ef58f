-- Languages (sqlite). Keep in step with ../postgres/0008_languages.sql.
-- The language a person chose at /account (a BCP 47 tag of a supported locale); none means
-- their browser's, else the firm's default (the 'default_locale' setting).
ALTER TABLE users ADD COLUMN locale TEXT CHECK (locale IN ('en', 'tl', 'lt', 'el', 'he'));
