package tree

import (
	"encoding/json"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config/vnc"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/transaction"
)

// The seeds are the vendor's samples from shared/spec/reference: every key
// a sample shows, with the body fields the sample shows ({} where it shows
// the key only). Bodies are canonical (keys sorted) as the mock stores them.

// Built-in keys the reference names.
const (
	SSHSettingsDefault    = "-300"
	RDPSettingsDefault    = "-301"
	RDPSettingsSecond     = "-303"
	TelnetSettingsDefault = "-302"
	HTTPSettingsDefault   = "-3040010"
	ICASettingsDefault    = "-301101020"
	AuthPolicyDefault     = "-200"
	RDPChannelDefault     = "-20100"
	// TimePolicy7x24 is the key the mock gives the time-policy sample,
	// which the reference prints without one (a mock choice; negative
	// because SPS ships 7x24 as a default).
	TimePolicy7x24 = "-100"
)

func entry(key, body string) transaction.Entry {
	return transaction.Entry{Key: key, Body: json.RawMessage(body)}
}

func entries(list ...transaction.Entry) []transaction.Entry { return list }

func single(body json.RawMessage) []transaction.Entry {
	return []transaction.Entry{{Body: body}}
}

const (
	// 8.0 LTS Telnet settings policy list sample.
	telnetDefaultSettings = `{"banner":"","client_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"},"inactivity_timeout":{"enabled":false},"name":"default","preconnect_channel_check":false,"server_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"},"timeout":600}`
	// 6.9.5/6.10 HTTP settings policy GET-one sample, as far as the stored
	// copy goes (the server side's minimum_tls_version is cut off).
	httpDefaultSettings = `{"client_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"},"name":"default","server_tls_security_settings":{"cipher_strength":{"selection":"recommended"}}}`

	auditPolicyDefault = `{"encryption":{"enabled":false},"name":"default","signing":{"enabled":false},"signing_and_timestamping_interval":30,"timestamping":{"enabled":false}}`
	auditPolicyRemote  = `{"encryption":{"enabled":false},"name":"remote-timestamping","signing":{"enabled":false},"signing_and_timestamping_interval":42,"timestamping":{"enabled":true,"server":{"oid":{"enabled":true,"policy_oid":"2.3.5.3.1.5.32.322.32"},"selection":"remote","server_url":"http://tsa.example.com/"}}}`
	archivePolicy      = `{"include_node_id_in_path":false,"name":"archive_all_with_filelist","notification_event":{"file_count_limit":123456,"send_filelist":true,"type":"all"},"retention_days":30,"start_times":["10:10"],"target":{"path":"/data/backup","server":{"selection":"ip","value":"1.2.3.5"},"type":"nfs"},"template":"PROTOCOL/CONNECTION/ARCHIVEDATE/"}`
	// The 6.0.x LDAP GET-one sample up to its cut (memberof_check's
	// attribute name is cut off).
	ldapPosixSimple = `{"name":"posix-simple","schema":{"memberof_check":{"enabled":true},"membership_check":{"enabled":true,"member_uid_attribute":"memberUid"},"selection":"posix"}}`
	timePolicy7x24  = `{"Fri":[["0:00","23:59"]],"Mon":[["0:00","23:59"]],"Sat":[["0:00","23:59"]],"Sun":[["0:00","23:59"]],"Thu":[["0:00","23:59"]],"Tue":[["0:00","23:59"]],"Wed":[["0:00","23:59"]],"name":"7x24"}`
	localGroup      = `{"members":[],"name":"http-write"}`
	// The 6.0.7 ACL sample: the entries it holds in full.
	acls         = `[{"group":"basic-view","objects":["/special/basic"],"permission":"read"},{"group":"basic-write","objects":["/special/basic"],"permission":"write"},{"group":"auth-view","objects":["/special/auth"],"permission":"read"},{"group":"auth-write","objects":["/special/auth"],"permission":"write"},{"group":"search","objects":["/special/searchmenu"],"permission":"read"},{"group":"changelog","objects":["/special/changelog"],"permission":"read"},{"group":"policies-view","objects":["/special/pol"],"permission":"read"},{"group":"policies-write","objects":["/special/pol"],"permission":"write"}]`
	webInterface = `{"timeout":10}`
	// The 6.9.2 GET-one sample of a credential-store plugin, as far as the
	// stored copy goes.
	credentialStorePlugin = `{"api":"1.0","description":"Demo credentialstore plugin for demonstration purposes","name":"DemoCredentialStorePlugin","path":"/opt/scb/var/plugins/credentialstore/DemoCredentialStorePlugin","version":"1.1"}`
)

// Protocol options seeds per shape. The reference prints one sample per
// protocol and shape where it has one; the others get the shape's plain
// default (VNC's).
var (
	sshAuditOptions = json.RawMessage(`{"audit":{"cleanup":{"channel_database_cleanup_days":600,"enabled":true},"timestamping":{"selection":"local","signing_interval":30}},"gssapi":{"enabled":false},"service":{"enabled":true,"log_level":4}}`)
)

// optionsSeed is the seed of a protocol's options in shape.
func optionsSeed(protocol, shape string) json.RawMessage {
	switch {
	case shape == vnc.ShapeLegacy:
		return vnc.DefaultLegacyOptions
	case protocol == "ssh":
		return sshAuditOptions
	default:
		return vnc.DefaultAuditOptions
	}
}
