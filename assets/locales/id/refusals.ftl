
## Why the workflow or the RA refuses.

refusal-not-in-state = { $action } tidak bisa untuk permohonan { $kind } berstatus { $state }
refusal-role = { $action } pada status { $state } bukan untuk { $role }
refusal-four-eyes = empat mata: { $operator } membuat atau memverifikasi permohonan ini, jadi tidak boleh juga { $action }; petugas lain yang harus
refusal-checklist = { $action } menunggu daftar periksa dicentang: { $items }
refusal-documents = { $action } menunggu dokumen dilampirkan: { $docs }
refusal-note-required = { $action } perlu catatan berisi alasannya
# "changed by NAME at TIME — reload"
changed-by-reload = { $changed_by } { $who } pada { $at } — muat ulang
