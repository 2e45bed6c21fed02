package catalog

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"unicode/utf8"
)

type unknownValue struct{}

// Unknown stands for a value Terraform does not know yet (it comes from
// another resource). Checks that need it are skipped; the caller checks
// again once the value is known (Terraform validates and plans again with
// the values it learned).
var Unknown any = unknownValue{}

// IsUnknown reports whether v is Unknown.
func IsUnknown(v any) bool {
	_, ok := v.(unknownValue)
	return ok
}

// maxNumberText bounds the decimal text parsed as a number: a longer
// numeral is no configuration value, and parsing it costs quadratic time.
const maxNumberText = 4096

// number reads the numeric Go values a caller may pass: json.Number (from
// a JSON decoder with UseNumber), float64 (plain JSON), *big.Float
// (Terraform's numbers) and the integer types. ok is false for anything
// else and for NaN and infinities.
func number(v any) (*big.Float, bool) {
	switch x := v.(type) {
	case json.Number:
		if len(x) > maxNumberText {
			return nil, false
		}
		f, _, err := big.ParseFloat(string(x), 10, 256, big.ToNearestEven)
		if err != nil || f.IsInf() {
			return nil, false
		}
		return f, true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, false
		}
		return big.NewFloat(x), true
	case float32:
		return number(float64(x))
	case *big.Float:
		if x == nil || x.IsInf() {
			return nil, false
		}
		return x, true
	case *big.Int:
		if x == nil {
			return nil, false
		}
		return new(big.Float).SetInt(x), true
	case int:
		return big.NewFloat(0).SetInt64(int64(x)), true
	case int64:
		return big.NewFloat(0).SetInt64(x), true
	case int32:
		return big.NewFloat(0).SetInt64(int64(x)), true
	case uint64:
		return big.NewFloat(0).SetUint64(x), true
	case uint:
		return big.NewFloat(0).SetUint64(uint64(x)), true
	}
	return nil, false
}

// isNumeric reports whether v is of a numeric Go type at all, readable or
// not, so an unreadable number is described as a number.
func isNumeric(v any) bool {
	switch v.(type) {
	case json.Number, float64, float32, *big.Float, *big.Int, int, int64, int32, uint64, uint:
		return true
	}
	return false
}

const maxQuoted = 40

// describe says what a value is, for a violation's detail. Strings are
// cut and quoted so control characters and invalid UTF-8 come out escaped.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "the string " + quote(x)
	case bool:
		return "the boolean " + strconv.FormatBool(x)
	case map[string]any:
		return "an object"
	case []any:
		if len(x) == 1 {
			return "a list of 1 element"
		}
		return fmt.Sprintf("a list of %d elements", len(x))
	}
	if isNumeric(v) {
		if f, ok := number(v); ok {
			return "the number " + cut(f.Text('g', 20))
		}
		return "a number that cannot be read"
	}
	return fmt.Sprintf("a value of Go type %T", v)
}

// quote cuts s to maxQuoted runes and quotes it with escapes.
func quote(s string) string { return strconv.Quote(cut(s)) }

func cut(s string) string {
	if utf8.RuneCountInString(s) <= maxQuoted {
		return s
	}
	n := 0
	for i := range s {
		if n == maxQuoted {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
