//! Sessions with the service, and operators' standing: sign-in with the
//! wrong-PIN lock (5 in a row lock the operator for 15 minutes, kept in
//! the store so a restart does not clear it), tokens (opaque, 12 hours,
//! only their SHA-256 stored), sign-out, disabling and enabling, and PIN
//! changes. Every one is audited.

use super::{Ra, RaError, Result, require_role};
use crate::domain::{Operator, Role};
use crate::store::{
    Batch, StoreError, clear_wrong_pins, count_address_failure, count_wrong_pin, delete_session, end_sessions_of,
    insert_session, release_pin_change, set_operator_disabled, set_operator_pin,
};
use chrono::Duration;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Wrong PINs in a row that lock an operator.
pub const PIN_LIMIT: u32 = 5;
/// How long such a lock lasts.
pub const LOCK_MINUTES: i64 = 15;
/// Failed sign-ins from one client address in a minute past which its
/// answers are slowed.
pub const ADDRESS_LIMIT: u32 = 20;
/// How long a session lasts.
pub const SESSION_HOURS: i64 = 12;

/// A session the service opened: the token goes to the client once.
#[derive(Debug, Clone)]
pub struct Session {
    pub operator: Operator,
    pub token: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    /// Signed in with a one-time PIN: only a PIN change is allowed.
    pub pin_change: bool,
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl Ra {
    /// Checks name and PIN with the lock: an operator locked by wrong PINs
    /// is refused until the lock ends, a wrong PIN is counted (and audited),
    /// a disabled operator is refused once the PIN is right. Returns the
    /// operator and whether their PIN must be changed now.
    pub async fn check_pin(&self, name: &str, pin: &str, from: &str) -> Result<(Operator, bool)> {
        let standing = self.store.operator_standing(name).await?;
        let now = self.now();
        if let Some(until) = standing.locked_until.filter(|u| *u > now) {
            // The same work as a real check (a verification and a commit),
            // so a lock is not read off the clock; and a try on a locked
            // name counts against the address like any other failure.
            let _ = super::verify_pin(pin, super::auth::dummy_hash());
            let mut b = Batch::bookkeeping();
            count_address_failure(&mut b, from, now);
            b.commit(&self.store).await?;
            return Err(RaError::Locked {
                name: name.to_string(),
                until: until.format("%Y-%m-%d %H:%M").to_string(),
            });
        }
        match self.sign_in(name, pin).await {
            Ok(op) if standing.disabled => {
                let mut b = Batch::bookkeeping();
                self.audit(
                    &mut b,
                    name,
                    "sign_in_refused",
                    None,
                    format!("disabled operator, from {from}"),
                );
                b.commit(&self.store).await?;
                Err(RaError::Disabled(op.name))
            }
            Ok(op) => {
                if standing.failed_pins > 0 {
                    let mut b = Batch::bookkeeping();
                    clear_wrong_pins(&mut b, name);
                    b.commit(&self.store).await?;
                }
                Ok((op, standing.pin_change))
            }
            Err(RaError::SignIn) => {
                let mut b = Batch::bookkeeping();
                count_address_failure(&mut b, from, now);
                if self.store.operator(name).await.is_ok() {
                    count_wrong_pin(&mut b, name, PIN_LIMIT, now + Duration::minutes(LOCK_MINUTES));
                    let n = standing.failed_pins + 1;
                    let detail = match n >= PIN_LIMIT {
                        true => format!("wrong PIN {n} times in a row, from {from}: locked for {LOCK_MINUTES} minutes"),
                        false => format!("wrong PIN, from {from}"),
                    };
                    self.audit(&mut b, name, "sign_in_failed", None, detail);
                }
                b.commit(&self.store).await?;
                Err(RaError::SignIn)
            }
            Err(e) => Err(e),
        }
    }

    /// Failed sign-ins from `from` in the current minute.
    pub async fn address_failures(&self, from: &str) -> Result<u32> {
        Ok(self.store.address_failures(from, self.now()).await?)
    }

    /// Signs in and opens a session: its token, shown once.
    pub async fn open_session(&self, name: &str, pin: &str, from: &str) -> Result<Session> {
        let (operator, pin_change) = self.check_pin(name, pin, from).await?;
        let mut raw = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        let token = hex::encode(raw);
        let now = self.now();
        let expires_at = now + Duration::hours(SESSION_HOURS);
        let mut b = Batch::bookkeeping();
        insert_session(
            &mut b,
            &token_hash(&token),
            &operator.name,
            from,
            now,
            expires_at,
            pin_change,
        );
        self.audit(
            &mut b,
            &operator.name,
            "sign_in",
            None,
            format!("session opened from {from}"),
        );
        b.commit(&self.store).await?;
        Ok(Session {
            operator,
            token,
            expires_at,
            pin_change,
        })
    }

    /// The operator of a session token, as the store has them now (their
    /// role and agencies as a ca_admin last set them).
    pub async fn session_operator(&self, token: &str) -> Result<(Operator, bool)> {
        let Some(s) = self.store.session(&token_hash(token)).await? else {
            return Err(RaError::SessionEnded("unknown or ended token".into()));
        };
        if let Some(why) = s.ended {
            return Err(RaError::SessionEnded(why));
        }
        if s.expires_at <= self.now() {
            return Err(RaError::SessionEnded("expired".into()));
        }
        let row = match self.store.operator(&s.operator).await {
            Ok(r) => r,
            Err(StoreError::NotFound(_)) => return Err(RaError::SessionEnded("no such operator".into())),
            Err(e) => return Err(e.into()),
        };
        Ok((
            Operator::new(row.name, row.role).with_agencies(row.agencies),
            s.pin_change,
        ))
    }

    /// Forgets sessions past their end (the service, at start).
    pub async fn purge_sessions(&self) -> Result<()> {
        Ok(self.store.purge_sessions(self.now()).await?)
    }

    /// Ends a session (sign-out).
    pub async fn close_session(&self, op: &Operator, token: &str) -> Result<()> {
        let mut b = Batch::bookkeeping();
        delete_session(&mut b, &token_hash(token));
        self.audit(&mut b, &op.name, "sign_out", None, "session closed");
        b.commit(&self.store).await?;
        Ok(())
    }

    /// Disables or enables an operator (a ca_admin, not themselves);
    /// disabling ends every session they have.
    pub async fn set_operator_enabled(&self, op: &Operator, name: &str, enabled: bool) -> Result<()> {
        require_role(op, &[Role::CaAdmin], "only a ca_admin disables or enables operators")?;
        if !enabled && op.name == name {
            return Err(RaError::Invalid("a ca_admin cannot disable themselves".into()));
        }
        self.store.operator(name).await?;
        let mut b = Batch::bookkeeping();
        set_operator_disabled(&mut b, name, !enabled);
        let action = match enabled {
            true => "operator_enable",
            false => {
                end_sessions_of(&mut b, name, "the operator was disabled by a ca_admin");
                "operator_disable"
            }
        };
        self.audit(&mut b, &op.name, action, None, name.to_string());
        b.commit(&self.store).await?;
        Ok(())
    }

    /// An operator changes their own PIN (signed in with the current one).
    pub async fn change_own_pin(&self, op: &Operator, new_pin: &str) -> Result<()> {
        let hash = super::hash_pin(new_pin)?;
        let mut b = Batch::bookkeeping();
        set_operator_pin(&mut b, &op.name, &hash, false);
        // Sessions opened with a one-time PIN may go on now.
        release_pin_change(&mut b, &op.name);
        self.audit(&mut b, &op.name, "operator_pin", None, "own PIN changed");
        b.commit(&self.store).await?;
        Ok(())
    }

    /// A ca_admin sets a one-time PIN for `name`, changed at their next
    /// sign-in; their open sessions end.
    pub async fn set_one_time_pin(&self, op: &Operator, name: &str, pin: &str) -> Result<()> {
        require_role(op, &[Role::CaAdmin], "only a ca_admin sets another operator's PIN")?;
        self.store.operator(name).await?;
        let hash = super::hash_pin(pin)?;
        let mut b = Batch::bookkeeping();
        set_operator_pin(&mut b, name, &hash, true);
        end_sessions_of(&mut b, name, "a ca_admin set a new PIN");
        self.audit(
            &mut b,
            &op.name,
            "operator_pin_reset",
            None,
            format!("one-time PIN for {name}"),
        );
        b.commit(&self.store).await?;
        Ok(())
    }
}
