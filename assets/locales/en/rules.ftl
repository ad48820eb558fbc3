## The rules a field of the subscriber's data can break. The domain writes
## each rule in English, as here; the other languages' words are found by
## matching the English text against these patterns (a value in { $… }
## matches any text), so a rule keeps one English wording in both places.
## A `rule` value is itself a rule and is put in its language.

rule-required = is required
rule-required-civil = is required for PNS and PPPK
rule-empty = is empty
rule-digits = has { $has } digits, needs { $needs }
rule-not-a-digit = { $char } is not a digit
rule-longer-than = is longer than { $max } characters
rule-control-characters = contains control characters; remove them
rule-invisible-character = contains an invisible character { $code } ({ $name }); remove it
rule-no-letter = has no letter: write the name as on the KTP
rule-phone = must be 8 to 15 digits, '+', '-' or spaces
rule-operator-name = must be 2 to 32 lower-case letters, digits, '.', '_' or '-'
rule-employment = unknown employment status { $value }: use pns, pppk or other
rule-email-space = contains a space or control character
rule-email-no-at = has no @
rule-email-local = local part before @ must be 1 to 64 characters and hold no @
rule-email-dot = local part has a misplaced dot
rule-email-domain = domain after @ is not a dotted host name
rule-nik-province = province code 00 does not exist
rule-nik-day = day { $day } is not a date
rule-nik-month = month { $month } is not a month
rule-nik-serial = serial 0000 is not issued
rule-nip-birth-date = birth date { $date } is not a date
rule-nip-appointment-year = appointment year { $year } is before the birth year { $birth }
rule-nip-appointment-month = appointment month 00 is not a month
rule-nip-gender = gender digit { $digit } is neither 1 (male) nor 2 (female)
rule-nip-serial = serial 000 is not issued
rule-nip-nik-birth = birth date { $date } disagrees with the NIK's { $nik }
rule-nip-nik-gender = gender { $gender } disagrees with the NIK's { $nik }
rule-npwp-nik = 16-digit NPWP is not a valid NIK ({ $rule })
rule-npwp-check-digit = check digit { $digit } does not match the Luhn digit { $want }
# Joins the lengths a number may have ("15 or 16").
rule-or = { " " }or{ " " }
