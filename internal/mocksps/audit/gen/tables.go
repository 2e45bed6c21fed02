package gen

// Fixed vocabularies the generator draws from. They only need to look like a
// real appliance's data; what matters is that every documented protocol,
// verdict, channel type and index status occurs.

type protoSpec struct {
	name      string // lower case, as in session ids (svc/X/ssh_prod:1/ssh) and queries
	wire      string // the protocol element as SPS writes it: upper case, as the samples ("protocol": "SSH")
	weight    int
	ports     []int64
	policies  []policySpec
	auth      []string
	hostPre   string // server host name prefix
	subnet    int64  // third octet of server addresses
	terminal  bool   // commands are extracted (ssh, telnet)
	graphical bool   // window titles are extracted (rdp, vnc, ica)
}

type policySpec struct {
	name          string
	channelPolicy string
	gatewayAuth   bool
	indexing      bool
}

var protocols = []protoSpec{
	{name: "ssh", wire: "SSH", weight: 40, ports: []int64{22, 22, 22, 2222}, auth: []string{"publickey", "password", "keyboard-interactive", "gssapi-with-mic"},
		hostPre: "lnx", subnet: 1, terminal: true, policies: []policySpec{
			{"ssh_prod", "shell-and-scp", true, true}, {"ssh_dev", "all-ssh", true, true}, {"ssh_console", "shell-only", false, true}}},
	{name: "rdp", wire: "RDP", weight: 28, ports: []int64{3389}, auth: []string{"password", "credssp", "kerberos"},
		hostPre: "win", subnet: 2, graphical: true, policies: []policySpec{
			{"rdp_windows", "rdp-default", true, true}, {"rdp_jump", "no-clipboard", true, false}}},
	{name: "vnc", wire: "VNC", weight: 8, ports: []int64{5900, 5901}, auth: []string{"password", "none"},
		hostPre: "kiosk", subnet: 3, graphical: true, policies: []policySpec{
			{"vnc_support", "vnc-default", false, true}}},
	{name: "telnet", wire: "TELNET", weight: 6, ports: []int64{23}, auth: []string{"password"},
		hostPre: "sw", subnet: 5, terminal: true, policies: []policySpec{
			{"telnet_legacy", "telnet-default", true, true}}},
	{name: "http", wire: "HTTP", weight: 10, ports: []int64{443, 443, 80, 8443}, auth: []string{"basic", "form", "none"},
		hostPre: "app", subnet: 4, policies: []policySpec{
			{"http_admin_ui", "http-default", true, false}}},
	{name: "ica", wire: "ICA", weight: 8, ports: []int64{1494, 2598}, auth: []string{"password", "kerberos"},
		hostPre: "ctx", subnet: 6, graphical: true, policies: []policySpec{
			{"ica_citrix", "ica-default", true, true}}},
}

type verdictSpec struct {
	name     string
	weight   int // per mille
	accepted bool
}

// Session verdicts, upper case as SPS stores them; the lower-case legacy
// spellings (accept, auth-fail, ...) match them because terms compare
// case-insensitively.
var verdicts = []verdictSpec{
	{"ACCEPT", 780, true},
	{"ACCEPT-TERMINATED", 30, true},
	{"AUTH-FAIL", 60, false},
	{"DENY", 40, false},
	{"FAIL", 30, false},
	{"GW-AUTH-FAIL", 30, false},
	{"KEY-ERROR", 15, false},
	{"USER-MAPPING-FAIL", 15, false},
}

var gatewayUsers = []string{
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
	"mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "wendy",
	"admin", "jsmith", "mgarcia", "kchen", "pnovak", "lkovacs", "tnguyen", "abrown", "svc_backup", "jenkins",
}

var unixAccounts = []string{"root", "root", "oracle", "postgres", "deploy", "ubuntu", "ec2-user", "admin", "www-data"}
var windowsAccounts = []string{"Administrator", "Administrator", "svc_sql", "backup_operator"}
var webAccounts = []string{"admin", "webadmin", "operator"}

var downloadUsers = []string{"admin", "auditor1", "auditor2", "secops"}

var shellDirs = []string{"~", "/var/log", "/etc", "/srv/app", "/tmp", "/home"}

// commands are typed in terminal sessions; interesting ones feed analytics,
// the ones with a rule raise alerts (a content policy with "Store in
// connection database").
type commandSpec struct {
	cmd         string
	interesting string // analytics.interesting_events entry, "" if none
	rule        string // alert regexp, "" if none
}

var commands = []commandSpec{
	{"ls", "", ""}, {"ls -la", "", ""}, {"cd /var/log", "", ""}, {"pwd", "", ""}, {"whoami", "", ""},
	{"id", "", ""}, {"uname -a", "", ""}, {"df -h", "", ""}, {"free -m", "", ""}, {"top", "", ""},
	{"ps aux", "", ""}, {"tail -f /var/log/syslog", "", ""}, {"cat /etc/hosts", "", ""},
	{"cat /etc/passwd", "cat", ""}, {"less /var/log/auth.log", "", ""}, {"vim /etc/nginx/nginx.conf", "vim", ""},
	{"grep -r password /etc", "grep", "password"}, {"history", "", ""}, {"man sudo", "", ""},
	{"sudo -i", "sudo", "sudo"}, {"sudo systemctl restart nginx", "sudo", "sudo"},
	{"systemctl status sshd", "systemctl", ""}, {"systemctl stop firewalld", "systemctl", ""},
	{"journalctl -xe", "", ""}, {"crontab -e", "crontab", ""}, {"chmod 777 /srv/app", "chmod", "chmod 777"},
	{"rm -rf /tmp/build", "rm", "rm -rf"}, {"passwd", "passwd", "passwd"}, {"shutdown -r now", "shutdown", "shutdown"},
	{"iptables -L", "iptables", "iptables"}, {"netstat -tulpn", "", ""}, {"ss -ltn", "", ""},
	{"docker ps", "docker", ""}, {"kubectl get pods -A", "kubectl", ""}, {"git pull", "", ""},
	{"tar czf backup.tgz /srv/app", "tar", ""}, {"scp backup.tgz backup01:/data", "scp", ""},
	{"psql -U postgres", "psql", ""}, {"mysql -u root -p", "mysql", ""}, {"exit", "", ""},
	{"show running-config", "", ""}, {"configure terminal", "", ""},
}

// windowTitles appear in graphical sessions.
type titleSpec struct {
	title       string
	interesting string
	rule        string
}

var windowTitles = []titleSpec{
	{"Server Manager", "", ""}, {"Event Viewer", "", ""}, {"Task Manager", "", ""},
	{"Administrator: Command Prompt", "cmd", "Command Prompt"}, {"Windows PowerShell", "powershell", "PowerShell"},
	{"Registry Editor", "regedit", "Registry Editor"}, {"Services", "", ""}, {"Active Directory Users and Computers", "dsa", ""},
	{"Remote Desktop Connection", "", ""}, {"SQL Server Management Studio", "ssms", ""}, {"Notepad", "", ""},
	{"File Explorer", "", ""}, {"Control Panel", "", ""}, {"Citrix Workspace", "", ""},
}

var screenTexts = []string{
	"Login successful", "Access denied", "Backup completed", "Disk quota exceeded",
	"Password will expire in 5 days", "Invoice 4411-2233-9981-0012", "Update installed", "Connection lost",
}

var channelVerdictsRare = []string{"four-eyes-deferred", "four-eyes-error", "four-eyes-reject", "four-eyes-timeout"}

var rdpExtraChannels = []struct {
	typ    string
	prob   float64
	device string
}{
	{"clipboard", 0.5, ""}, {"sound", 0.3, ""}, {"dynamic virtual", 0.4, ""}, {"disk redirect", 0.15, "J:"},
	{"printer redirect", 0.1, "PRN22"}, {"scard redirect", 0.05, "SCARD"}, {"serial redirect", 0.02, "COM1"},
	{"parallel redirect", 0.01, "LPT1"}, {"seamless", 0.05, ""}, {"custom", 0.03, ""},
}

var dynamicChannels = []string{"Microsoft::Windows::RDS::Geometry::v08.01", "Microsoft::Windows::RDS::DisplayControl", "AUDIO_INPUT"}

var icaApplications = []string{"Notepad", "SAP Logon", "Microsoft Excel", "Outlook", "Citrix Desktop"}

var archiveServers = []string{`\\10.20.30.40\archive\sps (user: archiver)`, `nfs://10.20.30.41/export/sps`}

var hourWeights = [24]int{1, 1, 1, 1, 1, 1, 2, 4, 10, 10, 10, 10, 6, 10, 10, 10, 10, 8, 4, 2, 2, 1, 1, 1}
