package audit

// What the external tests (package audit_test) read of the package's
// unexported names.

// SessionFieldNames is sessionFieldNames, the attributes fields may name.
var SessionFieldNames = sessionFieldNames
