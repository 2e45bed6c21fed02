package audit

// The fast path of sps_audit_sessions: the provider's protocol 6 server
// (internal/provider/protocol_server.go) hands Read a place to leave the
// sessions list it encoded (sessions_encode.go), and splices that list into
// the state the framework built, so the framework never converts it.

import "context"

// EncodedSessions is where the data source's Read leaves the sessions list
// it encoded.
type EncodedSessions struct {
	list []byte
}

// encodedSessionsKey carries an *EncodedSessions from the protocol server
// to the data source's Read.
type encodedSessionsKey struct{}

// WithEncodedSessions returns ctx with an empty EncodedSessions for the
// Read that ctx is given to: Read then leaves the sessions attribute null
// and the encoded list in the EncodedSessions.
func WithEncodedSessions(ctx context.Context) (context.Context, *EncodedSessions) {
	sink := &EncodedSessions{}
	return context.WithValue(ctx, encodedSessionsKey{}, sink), sink
}

func encodedSessionsFrom(ctx context.Context) *EncodedSessions {
	s, _ := ctx.Value(encodedSessionsKey{}).(*EncodedSessions)
	return s
}

// Encoded reports whether Read left a list.
func (s *EncodedSessions) Encoded() bool { return s.list != nil }

// SpliceInto puts the list in place of the null sessions attribute of
// state, the data source's state as the framework encoded it.
func (s *EncodedSessions) SpliceInto(state []byte) ([]byte, error) {
	return spliceAttribute(state, "sessions", s.list)
}
