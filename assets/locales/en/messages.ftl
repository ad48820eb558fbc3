
## Sentences the console makes, with the values put in.

# A PDF's page count.
pages = { $n ->
    [one] 1 page
   *[other] { $n } pages
}
# Why a list shows nothing: cases hidden by the filters named.
all-hidden = { $hidden } cases hidden by { $by }
# "(w clears)": the key that clears a filter.
clears = ({ $key } clears)
closed-hidden = closed cases are hidden
revoke-cert-role = only a CA admin revokes a certificate directly; an RA officer revokes through a revocation case
cert-revoked = certificate { $serial } revoked
revoke-cert-question = revoke certificate { $serial } of { $holder }? Reason: { $reason } (←/→ to change). It goes on the CRL and cannot be used again.
only-verifier-opens = only a verifier opens cases
ca-locked-publish = the CA is locked: start the console with RATU_CA_PASSPHRASE to publish
# The new-case form's foot while some fields are wrong.
fields-to-fix = { $n ->
    [one] 1 field to fix
   *[other] { $n } fields to fix
}
crl-published = CRL { $number } published ({ $entries } entries, { $held } on hold)
reminders-queued = { $n } expiry reminder(s) queued
# "in 3h 4m"
time-left = in { $span }
# "lapsed 2h ago"
time-lapsed = lapsed { $span } ago

## What a confirmed action will do, said in its dialog.
consequence-approve-reset = The holder is sent a link to set a new passphrase; a new certificate follows and the old one is revoked (superseded).
consequence-approve-reactivation = The old certificate is revoked now (key compromise) and listed on the CRL; the holder is sent a link to set a new passphrase.
consequence-apply = The holder's data will change; the certificate's hold ends, or it is revoked if what it says changes.
consequence-issue = A certificate will be issued.
consequence-revoke = The certificate will be revoked and listed on the CRL.
