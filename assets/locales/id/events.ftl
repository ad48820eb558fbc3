## The audit trail: each action's words, the actors and the details.

event-case-new = permohonan dibuka
event-document-add = dokumen dilampirkan
event-document-export = dokumen diekspor
event-reveal-nik = NIK ditampilkan
event-link-send = tautan dikirim
event-link-resend = tautan dikirim ulang
event-link-use = tautan dipakai
event-link-void = tautan dibatalkan
event-agreement-accept = perjanjian disetujui
event-cert-revoke = sertifikat dicabut
event-cert-hold = sertifikat ditangguhkan
event-cert-release = penangguhan sertifikat diakhiri
event-cert-link = sertifikat ditautkan
event-cert-reserve = nomor seri dipesan
event-cert-import = sertifikat diimpor
event-holder-update = data pemilik diperbarui
event-expiry-reminder = pengingat masa berlaku
event-crl-publish = CRL diterbitkan
event-operator-add = operator ditambahkan
event-operator-agencies = instansi operator diubah
event-operator-disable = operator dinonaktifkan
event-operator-enable = operator diaktifkan
event-operator-pin = PIN diganti
event-operator-pin-reset = PIN sekali pakai diberikan
event-agency-add = instansi ditambahkan
event-ca-init = CA dibuat
event-ca-import = CA diimpor
event-ocsp-signer = sertifikat penanda OCSP
event-tls-server-cert = sertifikat TLS layanan
event-cert-p12 = .p12 diberikan
event-cert-p12-wrong-passphrase = .p12: passphrase salah
event-cert-p12-refused = .p12 ditolak (terkunci)
event-cert-p12-unlock = kunci .p12 dibuka
event-sign-in = masuk
event-sign-in-failed = gagal masuk
event-sign-in-refused = masuk ditolak
event-sign-out = keluar
event-session-ended = sesi diakhiri
event-backup = cadangan dibuat
event-case-one-open = permohonan terbuka ganda

## Who did something, for people.
actor-applicant = pemohon #{ $case }
actor-service = layanan ratu
actor-demo = data demo

## A history line's detail in words.
# A link reads as its step, and where it was used from.
link-step-identity = tautan data identitas
link-step-passphrase = tautan atur passphrase
link-step-download = tautan unduh
link-used-from = { $step } · dari { $addr }
link-named = tautan { $step } { $token }
link-kind-identity = data identitas
link-kind-passphrase = passphrase
link-kind-download = unduhan
# Sign-in's own few phrases, as `ra` writes them in English, each with its words.
sign-in-wrong-pin = PIN salah
sign-in-times-in-a-row = { " " }kali berturut-turut
sign-in-disabled-operator = operator nonaktif
sign-in-locked-for = : dikunci selama{ " " }
sign-in-minutes = { " " }menit
sign-in-from = dari{ " " }
