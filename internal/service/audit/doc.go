// Package audit is the room of the session database: the data sources
// sps_audit_sessions, sps_audit_sessions_csv, sps_audit_session,
// sps_audit_session_stats and sps_audit_session_histogram, the session
// table they share (session_model.go), the session filter and the
// validators of their arguments.
//
// sps_audit_sessions does not build its sessions list through the
// framework: at 10,000 sessions the reflection and semantic-equality passes
// cost seconds and hundreds of MiB. Each page is encoded straight into the
// protocol's MessagePack (sessions_encode.go) and the provider's protocol 6
// server splices the list into the state the framework built
// (sessions_fast_path.go is the hook between them). Without the wrapper,
// Read sets the list through the framework, which is correct but slow;
// TestSessionEncoderMatchesFramework and the golden tests keep the two
// paths equal.
package audit
