package diagnostics

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// Diagnostics show text SPS returned (error messages, a lock holder's name,
// a policy's key), which someone else may control. Terraform prints a
// diagnostic to the terminal as it is, so these helpers keep such text from
// acting on the terminal or on the commands a diagnostic suggests.

// printable escapes the control characters of s (as Go would in a string
// literal: \x1b, \r, \u0085), except the newlines and tabs that lay a
// diagnostic out. Every diagnostic that carries SPS text passes through it.
func Printable(s string) string {
	if strings.IndexFunc(s, isEscapedControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isEscapedControl(r) {
			q := strconv.QuoteRune(r) // '\x1b'
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isEscapedControl(r rune) bool { return r != '\n' && r != '\t' && unicode.IsControl(r) }

// shellWord is s as one word of a POSIX shell command a user copies:
// bare when it is plain, in single quotes when it is printable, and
// otherwise in bash's $'...' form with escapes, the one quoting that can
// carry control characters without printing them (bash and zsh read it;
// POSIX sh does not). Written here because the shell-quoting libraries of
// the ecosystem emit single quotes only, which would put the raw control
// characters on the user's terminal.
func shellWord(s string) string {
	if sps.IsPlainKey(s) {
		return s
	}
	if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }) < 0 {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	var b strings.Builder
	b.WriteString("$'")
	for _, r := range s {
		switch {
		case r == '\\' || r == '\'':
			b.WriteRune('\\')
			b.WriteRune(r)
		case r == ' ' || unicode.IsPrint(r):
			b.WriteRune(r)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default: // bash 4.2 and later read \u and \U
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// HCLString is s as an HCL string literal, escaped by hclwrite (quotes,
// control characters, and the ${ and %{ that would make it a template).
func HCLString(s string) string {
	return string(hclwrite.TokensForValue(cty.StringVal(s)).Bytes())
}
