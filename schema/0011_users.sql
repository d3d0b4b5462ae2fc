-- Users, their sessions, and the sign-in attempts that slow down guessing.
-- A password is stored only as its PBKDF2-HMAC-SHA256 key, with the salt and the iteration
-- count it was derived with; a session token only as the SHA-256 (hex) of its text, so that
-- a copy of the file signs no one in. A user is never deleted, only disabled, so that every
-- activity line keeps naming someone the register knows.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    -- lower-case letters first, then letters, digits, '.', '_' or '-': never all digits, so
    -- that a login is never mistaken for a merchant's phone number
    login TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 2 AND 32 AND login GLOB '[a-z]*' AND login NOT GLOB '*[^a-z0-9._-]*'),
    role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'auditor', 'merchant')),
    merchant_id INTEGER REFERENCES merchants (id),
    password_hash BLOB NOT NULL CHECK (typeof(password_hash) = 'blob' AND length(password_hash) = 32),
    password_salt BLOB NOT NULL CHECK (typeof(password_salt) = 'blob' AND length(password_salt) = 16),
    password_iterations INTEGER NOT NULL CHECK (password_iterations >= 1),
    password_changed_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled_at TEXT,
    -- a merchant user belongs to exactly one merchant; staff to none
    CHECK ((role = 'merchant') = (merchant_id IS NOT NULL))
);
CREATE INDEX users_by_merchant ON users (merchant_id) WHERE merchant_id IS NOT NULL;

CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY CHECK (length(token_sha256) = 64 AND token_sha256 NOT GLOB '*[^0-9a-f]*'),
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('bearer', 'cookie')),
    address TEXT NOT NULL,                      -- where it was signed in from
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL CHECK (expires_at > created_at),
    ended_at TEXT,
    ended_reason TEXT CHECK (ended_reason IN ('sign_out', 'disabled', 'password_reset')),
    CHECK ((ended_at IS NULL) = (ended_reason IS NULL))
) WITHOUT ROWID;
CREATE INDEX sessions_open_by_user ON sessions (user_id) WHERE ended_at IS NULL;

-- Every sign-in attempt that got as far as checking a password, counted as failed until it
-- succeeds (it is written before the password is hashed, so that attempts made at once are
-- all counted). Not an audit record (the activity log is): rows older than the throttle's
-- window count for nothing and are removed.
CREATE TABLE sign_in_attempts (
    id INTEGER PRIMARY KEY,
    login TEXT,                                 -- the user's login, or what was typed; NULL when it can be no one's
    address TEXT NOT NULL,
    attempted_at TEXT NOT NULL,
    succeeded INTEGER NOT NULL DEFAULT 0 CHECK (succeeded IN (0, 1))
);
CREATE INDEX sign_in_attempts_by_login ON sign_in_attempts (login, attempted_at) WHERE login IS NOT NULL;
CREATE INDEX sign_in_attempts_by_address ON sign_in_attempts (address, attempted_at);
CREATE INDEX sign_in_attempts_by_time ON sign_in_attempts (attempted_at);

-- A user's login, role, merchant and creation never change (disable it and add another);
-- a disabled user stays disabled, and its password is no longer changed.
CREATE TRIGGER users_never_deleted BEFORE DELETE ON users
BEGIN SELECT RAISE(ABORT, 'immutable: users are never deleted; disable them'); END;
CREATE TRIGGER users_identity_never_updated BEFORE UPDATE ON users
WHEN NEW.id IS NOT OLD.id OR NEW.login IS NOT OLD.login OR NEW.role IS NOT OLD.role
  OR NEW.merchant_id IS NOT OLD.merchant_id OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'immutable: a user''s login, role and merchant never change; disable it and add another'); END;
CREATE TRIGGER users_stay_disabled BEFORE UPDATE ON users
WHEN OLD.disabled_at IS NOT NULL AND (NEW.disabled_at IS NOT OLD.disabled_at OR NEW.password_hash IS NOT OLD.password_hash
  OR NEW.password_salt IS NOT OLD.password_salt OR NEW.password_iterations IS NOT OLD.password_iterations)
BEGIN SELECT RAISE(ABORT, 'immutable: a disabled user stays disabled'); END;

-- Disabling a user or changing its password ends every session it has, whatever writes it.
CREATE TRIGGER users_disabled_end_sessions AFTER UPDATE OF disabled_at ON users
WHEN OLD.disabled_at IS NULL AND NEW.disabled_at IS NOT NULL
BEGIN
    UPDATE sessions SET ended_at = NEW.disabled_at, ended_reason = 'disabled' WHERE user_id = NEW.id AND ended_at IS NULL;
END;
CREATE TRIGGER users_password_changed_end_sessions AFTER UPDATE OF password_hash ON users
WHEN NEW.password_hash IS NOT OLD.password_hash
BEGIN
    UPDATE sessions SET ended_at = NEW.password_changed_at, ended_reason = 'password_reset' WHERE user_id = NEW.id AND ended_at IS NULL;
END;

-- No session for a disabled user; a session only ends, once, and is never deleted.
CREATE TRIGGER sessions_need_an_enabled_user BEFORE INSERT ON sessions
WHEN EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id AND disabled_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'user_disabled: a disabled user cannot sign in'); END;
CREATE TRIGGER sessions_only_end BEFORE UPDATE ON sessions
WHEN OLD.ended_at IS NOT NULL OR NEW.ended_at IS NULL OR NEW.token_sha256 IS NOT OLD.token_sha256
  OR NEW.user_id IS NOT OLD.user_id OR NEW.kind IS NOT OLD.kind OR NEW.address IS NOT OLD.address
  OR NEW.created_at IS NOT OLD.created_at OR NEW.expires_at IS NOT OLD.expires_at
BEGIN SELECT RAISE(ABORT, 'immutable: a session only ends, once'); END;
CREATE TRIGGER sessions_never_deleted BEFORE DELETE ON sessions
BEGIN SELECT RAISE(ABORT, 'immutable: sessions are never deleted'); END;

-- An attempt changes only from failed to succeeded.
CREATE TRIGGER sign_in_attempts_only_succeed BEFORE UPDATE ON sign_in_attempts
WHEN OLD.succeeded = 1 OR NEW.succeeded = 0 OR NEW.id IS NOT OLD.id OR NEW.login IS NOT OLD.login
  OR NEW.address IS NOT OLD.address OR NEW.attempted_at IS NOT OLD.attempted_at
BEGIN SELECT RAISE(ABORT, 'immutable: a sign-in attempt only changes from failed to succeeded'); END;
