//! Operators, PINs (argon2id, never stored in clear) and sign-in.

use super::{Ra, RaError, Result};
use crate::domain::{Operator, Role, validate_operator_name};
use crate::store::{Batch, StoreError};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};

/// PINs: 6 to 64 characters.
fn check_pin(pin: &str) -> Result<()> {
    if pin.chars().count() < 6 || pin.chars().count() > 64 {
        return Err(RaError::Invalid("a PIN must be 6 to 64 characters".into()));
    }
    Ok(())
}

/// A real argon2id hash (of a random PIN nobody knows), made once and
/// checked for unknown names so that they cost the same work as known
/// ones: the list of operators cannot be read off the clock.
pub(super) fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let mut raw = [0u8; 24];
        argon2::password_hash::rand_core::RngCore::fill_bytes(&mut OsRng, &mut raw);
        hash_pin(&hex::encode(raw)).unwrap_or_default()
    })
}

pub fn hash_pin(pin: &str) -> Result<String> {
    check_pin(pin)?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| RaError::Invalid(format!("cannot hash the PIN: {e}")))
}

pub fn verify_pin(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(pin.as_bytes(), &h).is_ok())
}

impl Ra {
    pub fn store(&self) -> &crate::store::Store {
        &self.store
    }

    /// Checks name and PIN. Unknown names and wrong PINs get the same answer.
    pub async fn sign_in(&self, name: &str, pin: &str) -> Result<Operator> {
        let row = match self.store.operator(name).await {
            Ok(r) => r,
            Err(StoreError::NotFound(_)) => {
                // Spend the same time as a real check.
                let _ = verify_pin(pin, dummy_hash());
                return Err(RaError::SignIn);
            }
            Err(e) => return Err(e.into()),
        };
        if !verify_pin(pin, &row.pin_hash) {
            return Err(RaError::SignIn);
        }
        Ok(Operator::new(row.name, row.role).with_agencies(row.agencies))
    }

    /// True when no operator exists yet (`ratu init` creates the first).
    pub async fn is_empty(&self) -> Result<bool> {
        Ok(self.store.operator_count().await? == 0)
    }

    /// Adds an operator of any role but a verifier's (who needs agencies:
    /// [`Ra::add_operator_in`]).
    pub async fn add_operator(&self, actor: Option<&Operator>, name: &str, role: Role, pin: &str) -> Result<Operator> {
        self.add_operator_in(actor, name, role, &[], pin).await
    }

    /// Adds an operator; a verifier with `agencies` (at least one, each on
    /// the list), the other roles with none. Only a `ca_admin` may, except
    /// for the very first (`actor` None), which must be a `ca_admin`.
    pub async fn add_operator_in(
        &self,
        actor: Option<&Operator>,
        name: &str,
        role: Role,
        agencies: &[String],
        pin: &str,
    ) -> Result<Operator> {
        validate_operator_name(name)?;
        let by = match actor {
            Some(a) if a.role == Role::CaAdmin => a.name.clone(),
            Some(a) => {
                return Err(RaError::NotAllowed(format!(
                    "{} is signed in as {}; only a ca_admin adds operators",
                    a.name, a.role
                )));
            }
            None if self.is_empty().await? && role == Role::CaAdmin => "init".to_string(),
            None => return Err(RaError::NotAllowed("sign in as a ca_admin to add operators".into())),
        };
        let agencies = self.agencies_for(role, agencies).await?;
        let hash = hash_pin(pin)?;
        let mut b = Batch::new();
        crate::store::insert_operator(&mut b, name, role, &agencies, &hash, self.now());
        let detail = match agencies.is_empty() {
            true => format!("{name} as {role}"),
            false => format!("{name} as {role} of {}", agencies.join("; ")),
        };
        self.audit(&mut b, &by, "operator_add", None, detail);
        b.commit(&self.store).await?;
        Ok(Operator::new(name, role).with_agencies(agencies))
    }

    pub async fn operators(&self) -> Result<Vec<Operator>> {
        Ok(self
            .store
            .operators()
            .await?
            .into_iter()
            .map(|r| Operator::new(r.name, r.role).with_agencies(r.agencies))
            .collect())
    }
}
