//! The managed list of agencies, and which of them a verifier works on.

use super::{Ra, RaError, Result, require_role};
use crate::domain::agency::{find_agency, normalize_agency, unknown_agency};
use crate::domain::{Operator, Role};
use crate::store::{Batch, StoreError, insert_agency, set_operator_agencies};

impl Ra {
    /// The agencies on the list, by name.
    pub async fn agencies(&self) -> Result<Vec<String>> {
        Ok(self.store.agencies().await?)
    }

    /// Adds an agency to the list (a ca_admin; audited): its name trimmed,
    /// runs of spaces made one. Refused when it is listed already, also
    /// under another case.
    pub async fn add_agency(&self, op: &Operator, name: &str) -> Result<String> {
        require_role(op, &[Role::CaAdmin], "only a ca_admin adds agencies")?;
        let name = normalize_agency(name)?;
        if let Some(known) = find_agency(&self.agencies().await?, &name) {
            return Err(RaError::Invalid(format!("agency {known:?} is already on the list")));
        }
        let mut b = Batch::new();
        insert_agency(&mut b, &name, &op.name, self.now());
        self.audit(&mut b, &op.name, "agency_add", None, name.clone());
        b.commit(&self.store).await?;
        Ok(name)
    }

    /// The listed agency `name` means (the list's spelling), or a refusal
    /// naming the closest known one.
    pub async fn listed_agency(&self, name: &str) -> Result<String> {
        let known = self.agencies().await?;
        find_agency(&known, name)
            .map(str::to_string)
            .ok_or_else(|| RaError::Invalid(unknown_agency(&known, name)))
    }

    /// The agencies an operator of `role` is given: a verifier at least
    /// one, each on the list (in the list's spelling, once each); the
    /// other roles none (they see every agency).
    pub(super) async fn agencies_for(&self, role: Role, names: &[String]) -> Result<Vec<String>> {
        if role != Role::Verifier {
            if names.is_empty() {
                return Ok(Vec::new());
            }
            return Err(RaError::Invalid(format!(
                "only a verifier is given agencies; a {role} sees every agency (leave out --agency)"
            )));
        }
        if names.is_empty() {
            return Err(RaError::Invalid(
                "a verifier needs at least one agency: --agency NAME (repeatable; `ratu agency list` shows them)"
                    .into(),
            ));
        }
        let mut out: Vec<String> = Vec::with_capacity(names.len());
        for n in names {
            let a = self.listed_agency(n).await?;
            if !out.contains(&a) {
                out.push(a);
            }
        }
        Ok(out)
    }

    /// Gives verifier `name` these agencies instead of theirs (a ca_admin;
    /// audited). They apply from the verifier's next sign-in in ratu, and
    /// at once in a shared server's permissions.
    pub async fn set_agencies(&self, op: &Operator, name: &str, agencies: &[String]) -> Result<Operator> {
        require_role(op, &[Role::CaAdmin], "only a ca_admin changes a verifier's agencies")?;
        let row = match self.store.operator(name).await {
            Ok(r) => r,
            Err(StoreError::NotFound(_)) => return Err(RaError::Invalid(format!("no operator {name}"))),
            Err(e) => return Err(e.into()),
        };
        let agencies = self.agencies_for(row.role, agencies).await?;
        let mut b = Batch::new();
        set_operator_agencies(&mut b, name, &agencies);
        let detail = format!("{name}: {} → {}", row.agencies.join("; "), agencies.join("; "));
        self.audit(&mut b, &op.name, "operator_agencies", None, detail);
        b.commit(&self.store).await?;
        Ok(Operator::new(name, row.role).with_agencies(agencies))
    }
}
