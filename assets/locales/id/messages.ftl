
## Sentences the console makes, with the values put in.

# A PDF's page count.
pages = { $n } halaman
# Why a list shows nothing: cases hidden by the filters named.
all-hidden = { $hidden } permohonan tersembunyi oleh { $by }
# "(w clears)": the key that clears a filter.
clears = ({ $key } menghapus)
closed-hidden = yang selesai disembunyikan
revoke-cert-role = hanya admin CA yang mencabut sertifikat langsung; petugas RA mencabut lewat permohonan pencabutan
cert-revoked = sertifikat { $serial } dicabut
revoke-cert-question = cabut sertifikat { $serial } milik { $holder }? Alasan: { $reason } (←/→ ganti). Sertifikat masuk CRL dan tidak bisa dipakai lagi.
only-verifier-opens = hanya verifikator yang membuka permohonan
ca-locked-publish = CA terkunci: jalankan konsol dengan RATU_CA_PASSPHRASE untuk menerbitkan
# The new-case form's foot while some fields are wrong.
fields-to-fix = { $n } isian perlu diperbaiki
crl-published = CRL { $number } diterbitkan ({ $entries } entri, { $held } ditahan)
reminders-queued = { $n } pengingat masa berlaku diantrekan
# "in 3h 4m"
time-left = { $span } lagi
# "lapsed 2h ago"
time-lapsed = lewat { $span } yang lalu

## What a confirmed action will do, said in its dialog.
consequence-approve-reset = Pemilik dikirimi tautan untuk passphrase baru; sertifikat baru terbit sesudahnya dan yang lama dicabut (digantikan).
consequence-approve-reactivation = Sertifikat lama dicabut sekarang (kunci bocor) dan masuk CRL; pemilik dikirimi tautan untuk passphrase baru.
consequence-apply = Data pemilik akan diubah; penangguhan sertifikat berakhir, atau sertifikat dicabut bila isinya berubah.
consequence-issue = Sertifikat akan diterbitkan.
consequence-revoke = Sertifikat akan dicabut dan masuk CRL.
