package vnc

// What the external tests (package vnc_test) read of the package's
// unexported names.

// BuiltinMark is builtinMark, the suffix of a built-in policy's display
// name in list results.
const BuiltinMark = builtinMark
