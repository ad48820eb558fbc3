
## Why the workflow or the RA refuses.

refusal-not-in-state = { $action } is not possible on a { $kind } case that is { $state }
refusal-role = { $action } on a case that is { $state } is not for a { $role }
refusal-four-eyes = four eyes: { $operator } created or verified this case and cannot also { $action } it; another officer must
refusal-checklist = { $action } needs the checklist ticked first: { $items }
refusal-documents = { $action } needs these documents attached first: { $docs }
refusal-note-required = { $action } needs a note giving the reason
# "changed by NAME at TIME — reload"
changed-by-reload = { $changed_by } { $who } at { $at } — reload
