package sps

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"testing"
)

// Every answer the client acts on gets the type of its class, decided by
// the same predicates as the Is* helpers; the *Error stays reachable, and
// the text is the answer's.
func TestClassify(t *testing.T) {
	t.Parallel()
	answer := func(status int, typ string, details map[string]any) *Error {
		return &Error{Method: http.MethodPost, Path: "/api/p", StatusCode: status, Type: typ, Message: "m", Details: details}
	}
	for _, tc := range []struct {
		e    *Error
		want error
		is   func(error) bool
	}{
		{answer(404, errTypeNotFound, nil), &NotFoundError{}, IsNotFound},
		{answer(403, errTypeUnauthorized, nil), &ForbiddenError{}, IsUnauthorized},
		{answer(401, errTypeAuthenticationFailure, nil), &AuthenticationError{}, IsAuthenticationFailure},
		{answer(409, errTypeTransactionLocked, nil), &LockedError{}, IsLocked},
		{answer(409, "", map[string]any{"locked_by": "alice"}), &LockedError{}, IsLocked},
		{answer(409, errTypeReferenced, map[string]any{"referenced_by": []any{"/api/x/1"}}), &ReferencedObjectError{}, nil},
		{answer(400, errTypeBuiltinNotDeletable, nil), &BuiltinObjectError{}, IsBuiltinNotDeletable},
		{answer(405, "MethodNotAllowed", map[string]any{"read_only": true}), &ReadOnlyError{}, nil},
		{answer(400, errTypeTooMuchBuckets, nil), &TooManyBucketsError{}, nil},
		{answer(400, errTypeInvalidQuery, nil), &InvalidQueryError{}, IsInvalidQuery},
		{answer(400, errTypeInvalidQueryValue, nil), &InvalidQueryError{}, IsInvalidQuery},
		{answer(400, "SemanticError", nil), &ValidationError{}, IsValidation},
		{answer(500, errTypeSearchUnavailable, nil), &SearchUnavailableError{}, IsSearchUnavailable},
		{answer(502, "", nil), &Error{}, nil},
		{answer(405, "MethodNotAllowed", nil), &Error{}, nil},
		{answer(401, errTypeUnauthenticated, nil), &Error{}, nil},
	} {
		name := fmt.Sprintf("%d %s %v", tc.e.StatusCode, tc.e.Type, tc.e.Details)
		got := Classify(tc.e)
		if reflect.TypeOf(got) != reflect.TypeOf(tc.want) {
			t.Errorf("%s: %T, want %T", name, got, tc.want)
			continue
		}
		var api *Error
		if !errors.As(got, &api) || api != tc.e || got.Error() != tc.e.Error() {
			t.Errorf("%s: the answer is not reachable as it was (%v)", name, got)
		}
		if tc.is != nil && !tc.is(got) {
			t.Errorf("%s: its Is* predicate does not hold", name)
		}
	}
	ref := Classify(answer(409, errTypeReferenced, map[string]any{"referenced_by": []any{"/api/x/1", 7, "/api/y/2"}}))
	var re *ReferencedObjectError
	if !errors.As(ref, &re) || !reflect.DeepEqual(re.ReferencedBy(), []string{"/api/x/1", "/api/y/2"}) {
		t.Errorf("ReferencedBy = %v", re.ReferencedBy())
	}
}
