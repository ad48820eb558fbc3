## The audit trail: each action's words, the actors and the details.

event-case-new = case opened
event-document-add = document attached
event-document-export = document exported
event-reveal-nik = NIK shown
event-link-send = link sent
event-link-resend = link sent again
event-link-use = link used
event-link-void = link voided
event-agreement-accept = agreement accepted
event-cert-revoke = certificate revoked
event-cert-hold = certificate put on hold
event-cert-release = certificate hold released
event-cert-link = certificate linked
event-cert-reserve = serial reserved
event-cert-import = certificate imported
event-holder-update = holder data updated
event-expiry-reminder = expiry reminder
event-crl-publish = CRL published
event-operator-add = operator added
event-operator-agencies = operator's agencies changed
event-operator-disable = operator disabled
event-operator-enable = operator enabled
event-operator-pin = PIN changed
event-operator-pin-reset = one-time PIN set
event-agency-add = agency added
event-ca-init = CA created
event-ca-import = CA imported
event-ocsp-signer = OCSP signer certificate
event-tls-server-cert = service TLS certificate
event-cert-p12 = .p12 given out
event-cert-p12-wrong-passphrase = .p12: wrong passphrase
event-cert-p12-refused = .p12 refused (locked)
event-cert-p12-unlock = .p12 lock cleared
event-sign-in = signed in
event-sign-in-failed = sign-in failed
event-sign-in-refused = sign-in refused
event-sign-out = signed out
event-session-ended = session ended
event-backup = backup made
event-case-one-open = second open case

## Who did something, for people.
actor-applicant = applicant #{ $case }
actor-service = the ratu service
actor-demo = demo data

## A history line's detail in words.
# A link reads as its step, and where it was used from.
link-step-identity = identity-data link
link-step-passphrase = set-passphrase link
link-step-download = download link
link-used-from = { $step } · from { $addr }
link-named = { $step } link { $token }
link-kind-identity = identity data
link-kind-passphrase = passphrase
link-kind-download = download
# Sign-in's own few phrases, as `ra` writes them in English, each with its words.
sign-in-wrong-pin = wrong PIN
sign-in-times-in-a-row = { " " }times in a row
sign-in-disabled-operator = disabled operator
sign-in-locked-for = : locked for{ " " }
sign-in-minutes = { " " }minutes
sign-in-from = from{ " " }
