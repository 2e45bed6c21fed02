package configobject

import (
	"errors"
	"strings"
	"testing"
)

func TestMergeSensitive(t *testing.T) {
	cases := []struct {
		body, sensitive, want string
	}{
		{`{"name":"u"}`, `null`, `{"name":"u"}`},
		{`{"name":"u"}`, `{"password":"s3cret"}`, `{"name":"u","password":"s3cret"}`},
		{`{"name":"u","auth":{"method":"password"}}`, `{"auth":{"password":"p","key":{"pem":"-----BEGIN"}}}`,
			`{"name":"u","auth":{"method":"password","password":"p","key":{"pem":"-----BEGIN"}}}`},
		{`{"list":[1]}`, `{"other":[2]}`, `{"list":[1],"other":[2]}`},
		{`null`, `{"p":"x"}`, `{"p":"x"}`},
	}
	for _, tc := range cases {
		body, sensitive := mustDecode(t, tc.body), mustDecode(t, tc.sensitive)
		got, err := MergeSensitive(body, sensitive)
		if err != nil {
			t.Errorf("MergeSensitive(%s, %s): %v", tc.body, tc.sensitive, err)
			continue
		}
		if !equalTrees(got, mustDecode(t, tc.want)) {
			t.Errorf("MergeSensitive(%s, %s) = %v, want %s", tc.body, tc.sensitive, got, tc.want)
		}
		if !equalTrees(body, mustDecode(t, tc.body)) {
			t.Errorf("MergeSensitive changed its body argument: %v", body)
		}
	}
}

// TestMergeSensitiveOverlap: a field in both is refused, naming both
// places, however deep and whatever its kind (null included: a declared
// null would otherwise silently lose to, or beat, the secret).
func TestMergeSensitiveOverlap(t *testing.T) {
	for _, tc := range []struct{ body, sensitive, at string }{
		{`{"password":"plain"}`, `{"password":"s3cr3t-value"}`, "body.password and sensitive_body.password"},
		{`{"a":{"b":{"c":1}}}`, `{"a":{"b":{"c":2}}}`, "body.a.b.c and sensitive_body.a.b.c"},
		{`{"a":{"b":1}}`, `{"a":{"b":{"c":2}}}`, "body.a.b and sensitive_body.a.b"},
		{`{"a":null}`, `{"a":{"x":1}}`, "body.a and sensitive_body.a"},
		{`{"a":[1]}`, `{"a":[2]}`, "body.a and sensitive_body.a"},
		{`{"a b":{"k":1}}`, `{"a b":{"k":2}}`, `body["a b"].k and sensitive_body["a b"].k`},
	} {
		_, err := MergeSensitive(mustDecode(t, tc.body), mustDecode(t, tc.sensitive))
		var overlap *OverlapError
		if !errors.As(err, &overlap) || !strings.Contains(err.Error(), tc.at) {
			t.Errorf("MergeSensitive(%s, %s) = %v; want an overlap naming %s", tc.body, tc.sensitive, err, tc.at)
		}
		if err != nil && strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("the overlap error shows a secret value: %v", err)
		}
	}
}
