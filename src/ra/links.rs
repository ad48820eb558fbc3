//! One-time links to the applicant page. A link notice is queued with a
//! placeholder; its link is made when the e-mail leaves, by the process
//! that delivers it (the site service on a shared server, the console
//! itself on an embedded store): a fresh 144-bit token, of which only the
//! SHA-256 is written, bound to the case, the step and the case version
//! the e-mail was queued for. Making it voids the step's older links.
//! A verifier re-sends a step's link: the open ones are voided at once,
//! and the e-mail queued again. Every link made, voided or used is in the
//! audit trail; the token never is.

use super::{Ra, RaError, Result, require_role};
use crate::domain::link::TOKEN_BYTES;
use crate::domain::{Case, Link, LinkRefusal, LinkStep, LinkToken, Operator, Role};
use crate::store::{Batch, OutboxRow, insert_link, void_links};

/// What a link notice carries until its e-mail leaves (as long as a token,
/// so the stored message keeps its shape).
pub const LINK_PLACEHOLDER: &str = "~~ratu-link-token-here~~";

/// A link that opens, with its case as it stands.
#[derive(Debug, Clone)]
pub struct OpenedLink {
    pub link: Link,
    pub case: Case,
}

impl Ra {
    /// Makes the one-time link of a queued link notice, voiding the step's
    /// older ones, and returns the URL that goes into the e-mail. `by`
    /// names who delivers (audit).
    pub(super) async fn make_link(&self, m: &OutboxRow, step: LinkStep, version: u64, by: &str) -> Result<String> {
        let case_id = m
            .case_id
            .ok_or_else(|| RaError::Invalid(format!("e-mail {} has a link but no case", m.id)))?;
        let token = self.new_link(case_id, step, version, by, &m.to).await?;
        Ok(format!("{}/l/{}", self.cfg.portal_url, token.as_str()))
    }

    /// The demo's applicant opens the link of their case's current step
    /// (as if from the e-mail): the token.
    pub(super) async fn demo_link(&self, case_id: u64, step: LinkStep) -> Result<String> {
        let case = self.store.case(case_id).await?;
        let token = self
            .new_link(case_id, step, case.version, "demo", &case.subscriber.email)
            .await?;
        Ok(token.as_str().to_string())
    }

    async fn new_link(&self, case_id: u64, step: LinkStep, version: u64, by: &str, to: &str) -> Result<LinkToken> {
        let token = LinkToken::from_bytes(&rand::random::<[u8; TOKEN_BYTES]>());
        let now = self.now();
        let all = self.store.links_for_case(case_id).await?;
        let n = all.iter().filter(|l| l.step == step).count() + 1;
        let link = Link {
            // Public and predictable: it names the link, it opens nothing.
            id: format!("{case_id}-{step}-{n}"),
            case_id,
            step,
            case_version: version,
            created_at: now,
            expires_at: now + self.cfg.link_lifetime,
            used_at: None,
            voided_at: None,
            voided_by: None,
            failures: 0,
        };
        let case = self.store.case(case_id).await?;
        let older: Vec<Link> = all
            .into_iter()
            .filter(|l| l.step == step && l.used_at.is_none() && l.voided_at.is_none())
            .collect();
        let mut b = Batch::new();
        void_links(&mut b, case_id, step, by, now);
        insert_link(&mut b, &link, &token.hash());
        for old in &older {
            self.audit(
                &mut b,
                by,
                "link_void",
                Some(&case),
                format!("{step} link {} voided by a newer one ({})", old.id, link.id),
            );
        }
        self.audit(
            &mut b,
            by,
            "link_send",
            Some(&case),
            format!(
                "{step} link {} for version {version}, valid until {}, to {}",
                link.id,
                link.expires_at.to_rfc3339(),
                to
            ),
        );
        b.commit(&self.store).await?;
        Ok(token)
    }

    /// A verifier sends the applicant the link of the step their case
    /// waits on again (lost e-mail, expired or locked link). The step's
    /// open links are voided at once; the new one is made when the e-mail
    /// leaves. Both are audited.
    pub async fn resend_link(&self, op: &Operator, id: u64, seen_version: Option<u64>) -> Result<Case> {
        require_role(op, &[Role::Verifier], "only a verifier re-sends an applicant's link")?;
        let case = self.current(id, seen_version).await?;
        super::scope::require_scope(op, &case)?;
        let step = LinkStep::of_case(&case).ok_or_else(|| {
                RaError::Invalid(format!(
                    "case {id} is {}: only a case awaiting the applicant's data or passphrase, or an issued one, has a link to re-send",
                    case.state
                ))
            })?;
        let open: Vec<Link> = self
            .store
            .links_for_case(id)
            .await?
            .into_iter()
            .filter(|l| l.step == step && l.used_at.is_none() && l.voided_at.is_none())
            .collect();
        let now = self.now();
        let mut b = Batch::new();
        void_links(&mut b, id, step, &op.name, now);
        for l in &open {
            self.audit(
                &mut b,
                &op.name,
                "link_void",
                Some(&case),
                format!("{step} link {} voided for a re-send", l.id),
            );
        }
        let event = self.audit(
            &mut b,
            &op.name,
            "link_resend",
            Some(&case),
            format!("{step} link re-sent"),
        );
        self.queue_mail(&mut b, event, step.notice(case.kind), &case)?;
        b.commit(&self.store).await?;
        Ok(case)
    }

    /// The links of a case (without their hashes), for the console.
    pub async fn links(&self, op: &Operator, id: u64) -> Result<Vec<Link>> {
        self.case_in_scope(op, id).await?;
        Ok(self.store.links_for_case(id).await?)
    }

    /// Opens a link for `step`: it exists, is the step's, and may be used
    /// now on its case as it stands. Nothing is written.
    pub async fn open_link(&self, token: &str, step: LinkStep) -> Result<OpenedLink> {
        self.open_link_as(token, step, false).await
    }

    /// [`Ra::open_link`]; with `public`, a used link still opens (for what
    /// anyone may have: the certificate).
    pub(super) async fn open_link_as(&self, token: &str, step: LinkStep, public: bool) -> Result<OpenedLink> {
        let token = LinkToken::parse(token)?;
        let link = self
            .store
            .link_by_hash(&token.hash())
            .await?
            .ok_or(LinkRefusal::Unknown)?;
        if link.step != step {
            return Err(LinkRefusal::Unknown.into());
        }
        let case = self.store.case(link.case_id).await?;
        match public {
            true => link.check_public(&case, self.now())?,
            false => link.check(&case, self.now())?,
        }
        Ok(OpenedLink { link, case })
    }

    /// Whether `token` is a link that still opens (used or not: a used
    /// download link still gives the certificate).
    pub async fn link_is_live(&self, token: &str) -> bool {
        match self.link_step(token).await {
            Ok(step) => self.open_link_as(token, step, true).await.is_ok(),
            Err(_) => false,
        }
    }

    /// The step a link opens, if it is a link at all (whatever its state):
    /// the applicant page routes `/l/TOKEN` with it.
    pub async fn link_step(&self, token: &str) -> Result<LinkStep> {
        let token = LinkToken::parse(token)?;
        Ok(self
            .store
            .link_by_hash(&token.hash())
            .await?
            .ok_or(LinkRefusal::Unknown)?
            .step)
    }
}
