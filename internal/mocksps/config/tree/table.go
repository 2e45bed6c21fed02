package tree

import (
	"encoding/json"
	"strconv"
	"sync"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config/vnc"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/transaction"
)

// readOnlyConnections is the caution of the reference's connection-policy
// pages, in SPS's words as far as they are known.
func readOnlyConnections(protocol string) string {
	return "the " + protocol + " connection policies are read-only over the REST API, and the data it returns " +
		"is incomplete: only the parameters common to every protocol. Modify them on the SPS web interface; " +
		"over REST only the RDP and SSH connection policies can be modified"
}

const readOnlyACLs = "the privileges (ACLs) of usergroups cannot be edited over the REST API; change them on the SPS " +
	"web interface (Users & Access Control > Appliance Access). Changes apply at each user's next login"

// indexingRef is the reference every connection policy documents.
var indexingRef = []Ref{{Field: []string{"indexing", "policy"}, Target: "policies/indexing"}}

var (
	tablesMu sync.Mutex
	tables   = map[string]*Table{}
)

// TableFor returns the family table of an appliance serving the options
// shape (vnc.ShapeAudit or vnc.ShapeLegacy); tables are built once.
func TableFor(shape string) *Table {
	if shape != vnc.ShapeLegacy {
		shape = vnc.ShapeAudit
	}
	tablesMu.Lock()
	defer tablesMu.Unlock()
	if t, ok := tables[shape]; ok {
		return t
	}
	t := newTable(families(shape))
	tables[shape] = t
	return t
}

func dir(path string) *Family    { return &Family{Path: path, Kind: Directory} }
func absent(path string) *Family { return &Family{Path: path, Kind: Absent} }
func list(path, noun string, seed ...transaction.Entry) *Family {
	return &Family{Path: path, Kind: List, Noun: noun, Seed: seed}
}

// families is the family table: every node of /api/configuration the
// reference shows, what it holds, and what a new appliance holds there.
func families(shape string) []*Family {
	fams := []*Family{
		dir(""),
		// Top-level keys the mock does not emulate (no body in the
		// reference): listed as SPS lists them, 404 when asked.
		absent("alerting"), absent("datetime"), absent("local_services"), absent("network"),
		absent("passwords"), absent("private_keys"), absent("reporting"),
		absent("troubleshooting"), absent("x509"),

		dir("aaa"),
		{Path: "aaa/acls", Kind: Singleton, Noun: "ACL list", ReadOnly: readOnlyACLs,
			Seed: single(json.RawMessage(acls)), Validate: aclBody},
		absent("aaa/ldap_servers"),
		dir("aaa/local_database"),
		list("aaa/local_database/groups", "local usergroup", entry("ca2dc85730ca082ee6b5c8", localGroup)),
		list("aaa/local_database/users", "local user"),
		absent("aaa/login_methods"), absent("aaa/saml2"), absent("aaa/settings"),

		dir("management"),
		absent("management/certificates"),
		{Path: "management/disk_fillup_prevention", Kind: Singleton, Noun: "disk fill-up prevention settings",
			Seed: single(json.RawMessage(`{}`))},
		absent("management/email"), absent("management/exported_configuration_encryption"),
		absent("management/health_monitoring"), absent("management/license"), absent("management/root_password"),
		absent("management/snmp"), absent("management/splunk_forwarder"), absent("management/support_info"),
		absent("management/syslog"),
		{Path: "management/webinterface", Kind: Singleton, Noun: "web interface settings",
			Seed: single(json.RawMessage(webInterface))},

		dir("plugins"),
		absent("plugins/aa"),
		list("plugins/credentialstore", "credential-store plugin", entry("2534221015734bb18aaf32", credentialStorePlugin)),
		absent("plugins/ticketing"),

		dir("policies"),
		list("policies/aa_plugin_instances", "AA plugin instance"),
		absent("policies/analytics"),
		list("policies/archive_cleanup_policies", "archive/cleanup policy", entry("99375192754364c2b1bd01", archivePolicy)),
		list("policies/audit_policies", "audit policy",
			entry("78101850949e47437dd91d", auditPolicyDefault), entry("4110330695c094b5776670", auditPolicyRemote)),
		list("policies/backup_policies", "backup policy"),
		list("policies/content_policies", "content policy"),
		list("policies/credentialstores", "credential store",
			entry("1580973975727acedd51b2", `{}`), entry("935272738572bc2ec1dbdd", `{}`)),
		list("policies/indexing", "indexing policy"),
		list("policies/ldap_servers", "LDAP server",
			entry("3548834825727acc530407", `{}`), entry("posix-simple", ldapPosixSimple)),
		list("policies/signing_cas", "signing CA", entry("991699365727ac4eb4606", `{}`)),
		{Path: "policies/time_policies", Kind: List, Noun: "time policy",
			Seed: entries(entry(TimePolicy7x24, timePolicy7x24)), Validate: timePolicy},
		list("policies/trusted_ca_lists", "trusted CA list"),
		list("policies/user_databases", "local user database", entry("8235074425707e306abf39", `{}`)),
		list("policies/userlists", "user list"),
		list("policies/usermapping_policies", "usermapping policy",
			entry("11581153055704544883f77", `{}`), entry("9328731525704545f5e3de", `{}`)),
	}
	fams = append(fams, protocols(shape)...)
	return fams
}

// protocols are the protocol roots and their families.
func protocols(shape string) []*Family {
	options := func(protocol, name string, switches ...string) *Family {
		return &Family{Path: protocol + "/options", Kind: Singleton, Noun: name + " options",
			Seed: single(optionsSeed(protocol, shape)),
			Validate: func(v any) (json.RawMessage, *config.FieldError) {
				return vnc.ValidateProtocolOptions(shape, v, switches...)
			}}
	}
	conn := func(protocol, name string, writable bool, seed ...transaction.Entry) *Family {
		f := &Family{Path: protocol + "/connections", Kind: List, Noun: name + " connection policy", Seed: seed, Refs: indexingRef}
		if !writable {
			f.ReadOnly = readOnlyConnections(name)
		}
		return f
	}
	vncOptions := options("vnc", "VNC")
	vncOptions.Meta = vnc.OptionsMeta
	return []*Family{
		dir("http"),
		list("http/authentication_policies", "HTTP authentication policy", entry(AuthPolicyDefault, `{}`)),
		list("http/channel_policies", "HTTP channel policy"),
		conn("http", "HTTP", false),
		options("http", "HTTP"),
		list("http/settings_policies", "HTTP settings policy", entry(HTTPSettingsDefault, httpDefaultSettings)),

		dir("ica"),
		list("ica/channel_policies", "ICA channel policy"),
		conn("ica", "ICA", false),
		options("ica", "ICA"),
		list("ica/settings_policies", "ICA settings policy", entry(ICASettingsDefault, `{}`)),

		dir("mssql"),
		conn("mssql", "MSSQL", false),
		options("mssql", "MSSQL"),

		dir("rdp"),
		list("rdp/channel_policies", "RDP channel policy", entry(RDPChannelDefault, `{}`)),
		conn("rdp", "RDP", true, entry("12932832285a830b4d2f5d7", `{}`)),
		absent("rdp/domain_membership"),
		options("rdp", "RDP"),
		list("rdp/settings_policies", "RDP settings policy",
			entry(RDPSettingsDefault, `{}`), entry(RDPSettingsSecond, `{}`), entry("13298899495727c51f725cf", `{}`)),

		dir("ssh"),
		list("ssh/authentication_policies", "SSH authentication policy",
			entry(AuthPolicyDefault, `{}`), entry("1895203635707e3340262f", `{}`)),
		list("ssh/channel_policies", "SSH channel policy"),
		conn("ssh", "SSH", true, entry("8348340645707e2575e3c6", `{}`)),
		options("ssh", "SSH", "gssapi"),
		list("ssh/settings_policies", "SSH settings policy",
			entry(SSHSettingsDefault, `{}`), entry("236283841571912b948b88", `{}`)),

		dir("telnet"),
		list("telnet/authentication_policies", "Telnet authentication policy"),
		list("telnet/channel_policies", "Telnet channel policy"),
		conn("telnet", "Telnet", false, entry("8348340645707e2575e3c6", `{}`)),
		options("telnet", "Telnet"),
		list("telnet/settings_policies", "Telnet settings policy", entry(TelnetSettingsDefault, telnetDefaultSettings)),

		dir("vnc"),
		list("vnc/channel_policies", "VNC channel policy"),
		conn("vnc", "VNC", false),
		vncOptions,
		{Path: "vnc/settings_policies", Kind: List, Noun: "VNC settings policy", UUIDKeys: true,
			Seed: entries(transaction.Entry{Key: vnc.DefaultPolicyKey, Body: vnc.DefaultPolicy}),
			Validate: func(v any) (json.RawMessage, *config.FieldError) {
				b, _, fe := vnc.ValidateSettingsPolicy(v)
				return b, fe
			}},
	}
}

// aclBody accepts the ACL list's shape (a list of objects), for /_mock.
func aclBody(v any) (json.RawMessage, *config.FieldError) {
	l, ok := v.([]any)
	if !ok {
		return nil, config.Errorf("body", "must be a JSON array of {group, objects, permission}, not %s", config.KindOf(v))
	}
	for i, e := range l {
		if _, ok := e.(map[string]any); !ok {
			return nil, config.Errorf("body["+strconv.Itoa(i)+"]", "must be an object {group, objects, permission}")
		}
	}
	if fe := finiteNumbers(v, "body"); fe != nil {
		return nil, fe
	}
	return mustJSON(v), nil
}
