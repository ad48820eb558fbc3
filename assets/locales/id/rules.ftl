## The rules a field of the subscriber's data can break, in Indonesian.
## The English file gives each rule's English wording; this one its words
## here, with the same values.

rule-required = wajib diisi
rule-required-civil = wajib untuk PNS dan PPPK
rule-empty = kosong
rule-digits = berisi { $has } digit, perlu { $needs }
rule-not-a-digit = { $char } bukan angka
rule-longer-than = lebih dari { $max } karakter
rule-control-characters = berisi karakter kontrol; hapus
rule-invisible-character = berisi karakter tak terlihat { $code } ({ $name }); hapus
rule-no-letter = tidak berisi huruf: tulis nama seperti di KTP
rule-phone = harus 8 sampai 15 angka, '+', '-' atau spasi
rule-operator-name = harus 2 sampai 32 huruf kecil, angka, '.', '_' atau '-'
rule-employment = status kepegawaian { $value } tidak dikenal: pakai pns, pppk atau other
rule-email-space = berisi spasi atau karakter kontrol
rule-email-no-at = tidak berisi @
rule-email-local = bagian sebelum @ harus 1 sampai 64 karakter dan tanpa @
rule-email-dot = titik di bagian sebelum @ salah tempat
rule-email-domain = domain setelah @ bukan nama host bertitik
rule-nik-province = kode provinsi 00 tidak ada
rule-nik-day = tanggal { $day } bukan tanggal yang ada
rule-nik-month = bulan { $month } bukan bulan yang ada
rule-nik-serial = nomor urut 0000 tidak diterbitkan
rule-nip-birth-date = tanggal lahir { $date } bukan tanggal yang ada
rule-nip-appointment-year = tahun pengangkatan { $year } sebelum tahun lahir { $birth }
rule-nip-appointment-month = bulan pengangkatan 00 bukan bulan
rule-nip-gender = digit jenis kelamin { $digit } bukan 1 (laki-laki) atau 2 (perempuan)
rule-nip-serial = nomor urut 000 tidak diterbitkan
rule-nip-nik-birth = tanggal lahir { $date } tidak sama dengan NIK { $nik }
rule-nip-nik-gender = jenis kelamin { $gender } tidak sama dengan NIK { $nik }
rule-npwp-nik = NPWP 16 digit bukan NIK yang sah ({ $rule })
rule-npwp-check-digit = digit periksa { $digit } tidak sama dengan digit Luhn { $want }
# Joins the lengths a number may have ("15 atau 16").
rule-or = { " " }atau{ " " }
