package sps

import "slices"

// SessionElement is one element of a recorded session that Session holds.
// A search that needs only some of them asks SPS for those
// (SessionQuery.Fields = FieldsFor(...)), so a caller names what it needs
// without knowing SPS's element names, which live here only.
type SessionElement uint8

// The elements a caller can ask for; each fills the Session field of its
// name.
const (
	ElemSessionID SessionElement = iota + 1
	ElemProtocol
	ElemActive
	ElemVerdict
	ElemStartTime
	ElemEndTime
	ElemDuration
	ElemUser
	ElemClient
	ElemServer
	ElemTarget
	ElemConnectionPolicy
	ElemChannelPolicy
	ElemAuthMethod
	ElemIndexStatus
	ElemOrigin
	ElemArchived
	ElemHasAcceptedChannel
	ElemInterestingEvents
	ElemCreationTime
	ElemNodeID
	ElemServerLocal
	ElemConnectionPolicyID
	ElemRecordingVerdict
	ElemContentReferenceID
	ElemTags
	ElemScripted
	ElemScore
)

// elementFields are the ?fields= names each element is read from. Where the
// search page documents a flat legacy name ("client.address",
// "connection_policy", "name", ...) or an older psm.* name for the element,
// that name is asked for too, next to the nested path of the session
// samples: an appliance stores and answers one shape or the other, the
// decoder (sessionDoc) reads both, and asking for one spelling only would
// leave the element empty on an appliance of the other kind. Only names
// the vendor documents are listed; an unknown one could make an appliance
// refuse the whole search.
var elementFields = map[SessionElement][]string{
	ElemSessionID:          {"recording.session_id", "session_id"},
	ElemProtocol:           {"protocol"},
	ElemActive:             {"active"},
	ElemVerdict:            {"verdict"},
	ElemStartTime:          {"start_time"},
	ElemEndTime:            {"end_time"},
	ElemDuration:           {"duration"},
	ElemUser:               {"user", "name", "server_username", "psm.gateway_username"},
	ElemClient:             {"client", "client.address", "client.port"},
	ElemServer:             {"server", "server.address", "server.port"},
	ElemTarget:             {"recording.target", "target.address", "target.port", "psm.target.address", "psm.target.port"},
	ElemConnectionPolicy:   {"recording.connection_policy", "connection_policy", "psm.connection_policy"},
	ElemChannelPolicy:      {"recording.channel_policy", "channel_policy"},
	ElemAuthMethod:         {"recording.auth_method", "auth_method"},
	ElemIndexStatus:        {"recording.index_status"},
	ElemOrigin:             {"origin"},
	ElemArchived:           {"recording.archived", "archived"},
	ElemHasAcceptedChannel: {"recording.has_accepted_channel"},
	ElemInterestingEvents:  {"analytics.interesting_events"},
	ElemCreationTime:       {"creation_time"},
	ElemNodeID:             {"node_id"},
	ElemServerLocal:        {"recording.server_local", "server_local.address", "server_local.port", "psm.server_local.address", "psm.server_local.port"},
	ElemConnectionPolicyID: {"recording.connection_policy_id"},
	ElemRecordingVerdict:   {"recording.verdict"},
	ElemContentReferenceID: {"recording.content_reference_id"},
	ElemTags:               {"analytics.tags"},
	ElemScripted:           {"analytics.scripted"},
	ElemScore:              {"analytics.score.aggregated"},
}

// FieldsFor is the ?fields= list that fills the given elements, in their
// order, each name once; empty (not nil: no element) for none.
func FieldsFor(elems ...SessionElement) []string {
	out := []string{}
	for _, e := range elems {
		for _, f := range elementFields[e] {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}
