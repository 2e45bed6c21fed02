package audit

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Generate builds a store of n realistic sessions. The result depends only on
// (n, seed, now): each session is derived from its own random stream, so
// session i is the same whatever n is, and nothing is kept per session beyond
// the search index (documents and sub-resources are re-derived on demand).
//
// Sessions spread over the 60 days before now, denser on weekdays and in
// working hours; a few started in the last hours and are still active.
func Generate(n int, seed int64, now time.Time) *Store {
	if n < 0 {
		n = 0
	}
	g := newGenerator(seed, now)
	st := &Store{sessions: make([]session, n)}
	for i := range st.sessions {
		st.sessions[i] = session{gen: g, gi: int32(i)}
	}
	st.rebuild()
	return st
}

// generator holds the per-seed tables sessions are drawn from.
type generator struct {
	seed    int64
	now     int64 // UNIX seconds
	nodes   [2]host
	nodeIDs [2]string
	clients []host
	servers [][]host          // per protocol
	polIDs  map[string]string // connection policy name -> key
	hashes  map[string][]string
	protoW  int
	verdW   int
}

type host struct{ ip, name string }

func newGenerator(seed int64, now time.Time) *generator {
	g := &generator{seed: seed, now: now.Unix(), polIDs: map[string]string{}, hashes: map[string][]string{}}
	r := newRNG(seed, 0, streamTables)
	for i := range g.nodes {
		g.nodes[i] = host{ip: fmt.Sprintf("10.0.0.%d", 10+i), name: fmt.Sprintf("sps%02d.example.com", i+1)}
		g.nodeIDs[i] = r.uuid()
	}
	for k := range 300 {
		g.clients = append(g.clients, host{
			ip:   fmt.Sprintf("10.10.%d.%d", k/250, k%250+1),
			name: fmt.Sprintf("ws-%03d.corp.example.com", k+1),
		})
	}
	for _, p := range protocols {
		var hs []host
		for k := range 40 {
			hs = append(hs, host{
				ip:   fmt.Sprintf("10.20.%d.%d", p.subnet, k+10),
				name: fmt.Sprintf("%s-%02d.example.com", p.hostPre, k+1),
			})
		}
		g.servers = append(g.servers, hs)
		for _, pol := range p.policies {
			g.polIDs[pol.name] = r.hex(22)
			for range 3 {
				g.hashes[pol.name] = append(g.hashes[pol.name], r.base62(22))
			}
		}
		g.protoW += p.weight
	}
	for _, v := range verdicts {
		g.verdW += v.weight
	}
	return g
}

// Random streams: each session draws its fields and its activity from
// separate streams so one can change without reshuffling the other.
const (
	streamTables uint64 = iota + 1
	streamSession
	streamActivity
)

// rng is splitmix64: tiny, fast and good enough for test data.
type rng struct{ s uint64 }

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func newRNG(seed int64, i int, stream uint64) *rng {
	return &rng{s: mix64(uint64(seed)^0x5851f42d4c957f2d) ^ mix64(uint64(i)+stream<<48)}
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

func (r *rng) intn(n int) int             { return int(r.next() % uint64(n)) }
func (r *rng) between(lo, hi int64) int64 { return lo + int64(r.next()%uint64(hi-lo+1)) }
func (r *rng) float() float64             { return float64(r.next()>>11) / (1 << 53) }
func (r *rng) chance(p float64) bool      { return r.float() < p }

// skewed picks an index in [0, n) favoring low indexes (a few users and
// servers account for most sessions, as in real estates).
func (r *rng) skewed(n int) int {
	f := r.float()
	return int(f * f * float64(n))
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func (r *rng) base62(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = base62[r.intn(62)]
	}
	return string(b)
}

func (r *rng) hex(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = hexDigits[r.intn(16)]
	}
	return string(b)
}

func (r *rng) uuid() string {
	h := r.hex(32)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// genSession is one generated session, fully derived from (seed, i).
type genSession struct {
	i           int
	proto       *protoSpec
	pi          int
	policy      *policySpec
	hash        string
	key         string
	start, dur  int64 // UNIX seconds, seconds
	createdMs   int64 // creation_time, UNIX milliseconds
	active      bool
	verdict     *verdictSpec
	gwUser      string // "" when the connection had no gateway authentication
	srvUser     string
	userID      string
	client      host
	clientPort  int64
	clientByIP  bool // client.name is the address (no reverse DNS)
	server      host
	serverPort  int64
	node        int
	auth        string
	indexStatus string
	hasTrail    bool
	archived    bool
	archiveAt   int64
	archiveSrv  string
	revision    int64
	score       int64
	scripted    bool
	channels    []genChannel
	events      []genEvent
	interesting []string
	tags        []string
}

type genChannel struct {
	id          int64
	typ         string
	verdict     string
	start, end  int64 // UNIX seconds; end 0 while active
	command     string
	scpPath     string
	subsystem   string
	fwdFrom     host
	fwdFromPort int64
	fwdTo       host
	fwdToPort   int64
	dynamic     string
	device      string
	application string
	fourEyes    string // authorizer, "" when not four-eyes
}

// genEvent kinds.
const (
	evCommand uint8 = iota
	evTitle
	evScreen
)

type genEvent struct {
	kind    uint8
	idx     int   // into commands, windowTitles or screenTexts
	dir     int   // shell directory for commands
	rec     int64 // record_id
	ms      int64 // UNIX milliseconds
	channel int64
}

func (g *generator) pickProto(r *rng) int {
	x := r.intn(g.protoW)
	for i, p := range protocols {
		if x < p.weight {
			return i
		}
		x -= p.weight
	}
	return 0
}

func (g *generator) pickVerdict(r *rng) *verdictSpec {
	x := r.intn(g.verdW)
	for i := range verdicts {
		if x < verdicts[i].weight {
			return &verdicts[i]
		}
		x -= verdicts[i].weight
	}
	return &verdicts[0]
}

// startTime spreads sessions over the 60 days before now: weekdays five
// times as busy as weekends, working hours ten times as busy as the night.
var hourWeights = [24]int{1, 1, 1, 1, 1, 1, 2, 4, 10, 10, 10, 10, 6, 10, 10, 10, 10, 8, 4, 2, 2, 1, 1, 1}

func (g *generator) startTime(r *rng) int64 {
	midnight := g.now - g.now%86400
	var day int64
	for {
		day = int64(r.intn(60))
		wd := time.Unix(midnight-day*86400, 0).UTC().Weekday()
		if wd != time.Saturday && wd != time.Sunday || r.intn(5) == 0 {
			break
		}
	}
	total := 0
	for _, w := range hourWeights {
		total += w
	}
	x, hour := r.intn(total), 0
	for h, w := range hourWeights {
		if x < w {
			hour = h
			break
		}
		x -= w
	}
	t := midnight - day*86400 + int64(hour)*3600 + int64(r.intn(3600))
	for t > g.now {
		t -= 86400
	}
	return t
}

func (g *generator) session(i int) *genSession {
	r := newRNG(g.seed, i, streamSession)
	s := &genSession{i: i}
	s.pi = g.pickProto(r)
	s.proto = &protocols[s.pi]
	s.policy = &s.proto.policies[r.intn(len(s.proto.policies))]
	hs := g.hashes[s.policy.name]
	s.hash = hs[r.intn(len(hs))]
	s.key = restForm(s.sessionID())
	s.verdict = g.pickVerdict(r)

	// Time and duration. A few sessions are recent and long, so some are
	// still running at "now".
	s.start = g.startTime(r)
	if r.chance(0.006) {
		s.start = g.now - r.between(60, 3*3600)
	}
	if s.verdict.accepted {
		s.dur = int64(math.Exp(math.Log(5) + r.float()*(math.Log(8*3600)-math.Log(5))))
		if s.start+s.dur > g.now {
			s.active = true
			s.dur = g.now - s.start
		}
	} else {
		s.dur = r.between(0, 8)
		if s.start+s.dur > g.now {
			s.dur = g.now - s.start
		}
	}
	s.createdMs = s.start*1000 + r.between(0, 1500)

	// Who and where.
	gw := gatewayUsers[r.skewed(len(gatewayUsers))]
	switch s.proto.name {
	case "ssh", "telnet":
		s.srvUser = unixAccounts[r.intn(len(unixAccounts))]
		if r.chance(0.3) {
			s.srvUser = gw
		}
	case "http":
		s.srvUser = webAccounts[r.intn(len(webAccounts))]
	case "vnc":
		s.srvUser = ""
	default:
		s.srvUser = windowsAccounts[r.intn(len(windowsAccounts))]
		if r.chance(0.4) {
			s.srvUser = `EXAMPLE\` + gw
		}
	}
	// Without gateway authentication SPS knows no gateway user; a few such
	// policies still get one from the client's certificate.
	if certUser := r.chance(0.1); s.policy.gatewayAuth || certUser {
		s.gwUser = gw
	}
	s.userID = s.gwUser
	s.client = g.clients[r.skewed(len(g.clients))]
	s.clientByIP = r.chance(0.2)
	s.clientPort = r.between(1024, 65535)
	servers := g.servers[s.pi]
	s.server = servers[r.skewed(len(servers))]
	s.serverPort = s.proto.ports[r.intn(len(s.proto.ports))]
	s.node = r.intn(2)
	s.auth = s.proto.auth[r.intn(len(s.proto.auth))]
	s.revision = r.between(1, 20)
	s.scripted = r.chance(0.03)

	// Recording and indexing.
	s.hasTrail = s.verdict.accepted || s.verdict.name == "DENY" && r.chance(0.2)
	switch {
	case !s.hasTrail:
		s.indexStatus = "NO_TRAIL"
	case s.active:
		s.indexStatus = "CHANNEL_OPEN"
	case !s.policy.indexing:
		s.indexStatus = "INDEXING_NOT_REQUIRED"
	default:
		switch x := r.intn(100); {
		case x < 85:
			s.indexStatus = "INDEXED"
		case x < 91:
			s.indexStatus = "NOT_INDEXED"
		case x < 96:
			s.indexStatus = "INDEXING_IN_PROGRESS"
		default:
			s.indexStatus = "INDEXING_FAILED"
		}
	}
	if s.hasTrail && !s.active && g.now-s.start > 7*86400 && r.chance(0.6) {
		s.archived = true
		s.archiveAt = s.start + s.dur + 86400 + r.between(0, 3600)
		s.archiveSrv = archiveServers[r.intn(len(archiveServers))]
	}

	g.activity(s)
	return s
}

// activity adds channels, events, analytics and tags from a second stream.
func (g *generator) activity(s *genSession) {
	r := newRNG(g.seed, s.i, streamActivity)
	end := s.start + s.dur
	chanEnd := end
	if s.active {
		chanEnd = 0
	}
	addChan := func(c genChannel) {
		c.id = int64(len(s.channels) + 1)
		if c.verdict == "" {
			c.verdict = "accept"
		}
		if c.start == 0 {
			c.start = s.start + r.between(0, max(0, s.dur/4))
		}
		c.end = chanEnd
		if c.verdict != "accept" {
			c.end = c.start
		}
		s.channels = append(s.channels, c)
	}
	if s.verdict.accepted || s.verdict.name == "DENY" {
		main := genChannel{start: s.start, verdict: "accept"}
		if s.verdict.name == "DENY" {
			main.verdict = "deny"
		} else if r.chance(0.02) {
			main.verdict = channelVerdictsRare[r.intn(len(channelVerdictsRare))]
		} else if r.chance(0.03) {
			main.fourEyes = downloadUsers[r.intn(len(downloadUsers))]
		}
		switch s.proto.name {
		case "ssh":
			main.typ = "session shell"
			addChan(main)
			if main.verdict != "accept" {
				break
			}
			if r.chance(0.2) {
				addChan(genChannel{typ: "session exec", command: commands[r.intn(len(commands))].cmd})
			}
			if r.chance(0.15) {
				addChan(genChannel{typ: "session exec scp", scpPath: "/srv/app/releases"})
			}
			if r.chance(0.15) {
				addChan(genChannel{typ: "session subsystem sftp", subsystem: "sftp"})
			}
			if r.chance(0.05) {
				addChan(genChannel{typ: "local forward", fwdFrom: host{"::1", "localhost"}, fwdFromPort: r.between(30000, 60000),
					fwdTo: s.server, fwdToPort: 5432})
			}
			if r.chance(0.03) {
				addChan(genChannel{typ: "remote forward", fwdFrom: host{"::1", "localhost"}, fwdFromPort: r.between(30000, 60000),
					fwdTo: host{"127.0.0.1", "localhost"}, fwdToPort: 9898})
			}
			if r.chance(0.03) {
				addChan(genChannel{typ: "x11 forward", verdict: "deny"})
			}
		case "rdp":
			main.typ = "drawing"
			addChan(main)
			if main.verdict != "accept" {
				break
			}
			for _, x := range rdpExtraChannels {
				if !r.chance(x.prob) {
					continue
				}
				c := genChannel{typ: x.typ, device: x.device}
				if x.typ == "dynamic virtual" {
					c.dynamic = dynamicChannels[r.intn(len(dynamicChannels))]
				}
				if (x.typ == "seamless" || x.typ == "custom") && r.chance(0.5) {
					c.verdict = "deny"
				}
				addChan(c)
			}
		case "vnc":
			main.typ = "drawing"
			addChan(main)
		case "telnet":
			main.typ = "terminal"
			addChan(main)
		case "http":
			main.typ = "http"
			addChan(main)
		case "ica":
			main.typ = "drawing"
			if r.chance(0.3) {
				main.typ = "seamless"
				main.application = icaApplications[r.intn(len(icaApplications))]
			}
			addChan(main)
			if main.verdict == "accept" && r.chance(0.4) {
				addChan(genChannel{typ: "clipboard"})
			}
			if main.verdict == "accept" && r.chance(0.15) {
				addChan(genChannel{typ: "printer", device: "PRN1"})
			}
		}
	}

	// Events exist once the trail is (being) indexed. A failed indexing
	// keeps the events of the part indexed before the failure: the
	// vendor's index_status text says SPS still returns search results for
	// the parts successfully indexed.
	indexed := s.indexStatus == "INDEXED" || s.indexStatus == "INDEXING_IN_PROGRESS" || s.indexStatus == "INDEXING_FAILED"
	if indexed && len(s.channels) > 0 && s.channels[0].verdict == "accept" {
		n := 2 + r.intn(12)
		if s.indexStatus == "INDEXING_FAILED" {
			n = 1 + n/2 // the first part only: indexing failed after it
		}
		ms := s.start*1000 + 1500
		step := max(1, s.dur*1000/int64(n+1))
		for k := range n {
			ev := genEvent{rec: int64(20 + k*17 + r.intn(15)), ms: ms + int64(k)*step + r.between(0, step/2), channel: 1}
			var interesting string
			switch {
			case s.proto.terminal:
				ev.kind, ev.idx, ev.dir = evCommand, r.intn(len(commands)), r.intn(len(shellDirs))
				interesting = commands[ev.idx].interesting
			case s.proto.graphical && r.chance(0.8):
				ev.kind, ev.idx = evTitle, r.intn(len(windowTitles))
				interesting = windowTitles[ev.idx].interesting
			default:
				ev.kind, ev.idx = evScreen, r.intn(len(screenTexts))
			}
			s.events = append(s.events, ev)
			if interesting != "" && !slices.Contains(s.interesting, interesting) {
				s.interesting = append(s.interesting, interesting)
			}
		}
	}
	s.score = int64(r.float() * r.float() * 60)
	if len(s.interesting) > 2 {
		s.score += int64(len(s.interesting) * 8)
	}
	s.score = min(s.score, 100)
	hour := (s.start % 86400) / 3600
	if hour < 7 || hour >= 19 {
		s.tags = append(s.tags, "after-hours")
	}
	if s.score >= 70 {
		s.tags = append(s.tags, "high-risk")
	}
	if s.scripted {
		s.tags = append(s.tags, "scripted")
	}
}

// isoMs formats UNIX milliseconds as 2006-01-02T15:04:05.000Z. Hand-written
// because the generator formats several timestamps per session and
// time.Format dominated the build.
func isoMs(ms int64) string {
	t := time.UnixMilli(ms).UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	if y < 0 || y > 9999 {
		return t.Format(isoMillis)
	}
	var b [24]byte
	put := func(at, v, width int) {
		for i := at + width - 1; i >= at; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, y, 4)
	b[4] = '-'
	put(5, int(mo), 2)
	b[7] = '-'
	put(8, d, 2)
	b[10] = 'T'
	put(11, h, 2)
	b[13] = ':'
	put(14, mi, 2)
	b[16] = ':'
	put(17, s, 2)
	b[19] = '.'
	put(20, int(((ms%1000)+1000)%1000), 3)
	b[23] = 'Z'
	return string(b[:])
}

// link writes {"href": "/api/audit/sessions/<key>/<sub>"}; the download link
// of the audit trail points at .../audit_trail. The indexer skips links, so
// the string is not even built for it.
func link(w sink, key string, s *genSession) {
	w.object(key)
	if _, indexing := w.(*indexer); !indexing {
		sub := key
		if key == "download" {
			sub = "audit_trail"
		}
		w.str("href", "/api/audit/sessions/"+s.key+"/"+sub)
	}
	w.endObject()
}

// sessionID is the id SPS logs. The search page documents it as
// svc/<hash>/<connection-policy>:<n>/<protocol>; the session details sample
// has no /<protocol> part (svc/rUhhQZ3jYsY1NDWYp9DEpq/abcde:29). Every
// other generated session (odd i) carries the protocol, so both forms occur.
func (s *genSession) sessionID() string {
	id := "svc/" + s.hash + "/" + s.policy.name + ":" + strconv.Itoa(s.i+1)
	if s.i%2 == 1 {
		id += "/" + s.proto.name
	}
	return id
}

func hostName(h host, byIP bool) string {
	if byIP {
		return h.ip
	}
	return h.name
}

// emitDoc writes the session document. Keys are emitted in sorted order at
// every level so the JSON writer produces canonical output.
func (g *generator) emitDoc(s *genSession, w sink) {
	node := g.nodes[s.node]
	w.object("")
	w.boolean("active", s.active)
	link(w, "alerts", s)
	w.object("analytics")
	w.array("interesting_events")
	for _, e := range s.interesting {
		w.str("", e)
	}
	w.endArray()
	w.object("score")
	w.integer("aggregated", s.score)
	w.object("details")
	w.endObject()
	w.endObject()
	w.boolean("scripted", s.scripted)
	w.object("scripted_results")
	w.endObject()
	w.array("similar_sessions")
	w.endArray()
	w.array("tags")
	for _, t := range s.tags {
		w.str("", t)
	}
	w.endArray()
	w.endObject()
	link(w, "channels", s)
	w.object("client")
	w.str("ip", s.client.ip)
	w.str("name", hostName(s.client, s.clientByIP))
	w.integer("port", s.clientPort)
	w.endObject()
	w.timeMs("creation_time", s.createdMs)
	w.integer("duration", s.dur)
	if s.active {
		w.null("end_time")
	} else {
		w.timeMs("end_time", (s.start+s.dur)*1000)
	}
	link(w, "events", s)
	w.boolean("hidden", false)
	link(w, "indexing", s)
	w.str("node_id", g.nodeIDs[s.node])
	w.str("origin", "RECORDING")
	w.boolean("phantom", false)
	w.str("protocol", s.proto.wire)

	w.object("recording")
	w.boolean("archived", s.archived)
	if s.hasTrail {
		w.object("audit_trail")
		if s.archived {
			w.object("archive")
			w.timeMs("date", s.archiveAt*1000)
			w.str("path", time.Unix(s.start, 0).UTC().Format("2006-01-02")+"/")
			w.str("policy", g.polIDs[s.policy.name][:12]+"arch")
			w.str("server", s.archiveSrv)
			w.endObject()
		} else {
			w.null("archive")
		}
		link(w, "download", s)
		w.endObject()
	}
	w.str("auth_method", s.auth)
	w.str("channel_policy", s.policy.channelPolicy)
	w.boolean("command_extracted", s.proto.terminal && len(s.events) > 0)
	w.str("connection_policy", s.policy.name)
	w.str("connection_policy_id", g.polIDs[s.policy.name])
	w.integer("content_reference_id", int64(s.i+1))
	w.boolean("has_accepted_channel", len(s.channels) > 0 && s.channels[0].verdict == "accept")
	w.str("index_status", s.indexStatus)
	w.object("server_local")
	w.str("ip", node.ip)
	w.str("name", node.name)
	w.integer("port", s.serverPort)
	w.endObject()
	w.str("session_id", s.sessionID())
	w.object("target")
	w.str("ip", s.server.ip)
	w.str("name", s.server.name)
	w.integer("port", s.serverPort)
	w.endObject()
	w.str("verdict", s.verdict.name)
	w.boolean("window_title_extracted", s.proto.graphical && len(s.events) > 0)
	w.endObject()

	w.integer("revision", s.revision)
	w.object("server")
	w.str("ip", s.server.ip)
	w.str("name", s.server.name)
	w.integer("port", s.serverPort)
	w.endObject()
	w.timeMs("start_time", s.start*1000)
	link(w, "trail_downloads", s)
	w.object("user")
	if s.gwUser != "" {
		w.str("gateway_username", s.gwUser)
		w.str("id", s.userID)
		w.str("name", s.gwUser)
	}
	if s.srvUser != "" {
		w.str("server_username", s.srvUser)
	}
	w.endObject()
	w.str("verdict", s.verdict.name)
	w.endObject()
}

// eventContent renders the text an event carries (the command line with its
// prompt, a window title, or a line of screen text).
func (g *generator) eventContent(s *genSession, ev *genEvent) (action, content, typ string) {
	b := g.appendContent(nil, s, ev)
	switch ev.kind {
	case evCommand:
		return commands[ev.idx].cmd, string(b), "command"
	case evTitle:
		return windowTitles[ev.idx].title, string(b), "screen.windowtitle"
	}
	return screenTexts[ev.idx], string(b), "screen.content"
}

func (g *generator) appendContent(b []byte, s *genSession, ev *genEvent) []byte {
	switch ev.kind {
	case evCommand:
		user := s.srvUser
		if user == "" {
			user = "admin"
		}
		hostShort, _, _ := strings.Cut(s.server.name, ".")
		sign := "$ "
		if user == "root" {
			sign = "# "
		}
		b = append(b, user...)
		b = append(b, '@')
		b = append(b, hostShort...)
		b = append(b, ':')
		b = append(b, shellDirs[ev.dir]...)
		b = append(b, sign...)
		return append(b, commands[ev.idx].cmd...)
	case evTitle:
		return append(b, windowTitles[ev.idx].title...)
	}
	return append(b, screenTexts[ev.idx]...)
}

// contents feeds the event texts of a session to the content index; the
// buffer is reused, the index copies texts it has not seen.
func (g *generator) contents(s *genSession, fn func([]byte)) {
	var buf [128]byte
	for k := range s.events {
		fn(g.appendContent(buf[:0], s, &s.events[k]))
	}
}

// The per-session lists, rendered as canonical JSON objects.

func (g *generator) eventDocs(s *genSession) [][]byte {
	var out [][]byte
	for k := range s.events {
		ev := &s.events[k]
		action, content, typ := g.eventContent(s, ev)
		w := &jsonWriter{}
		w.object("")
		w.str("action", action)
		w.str("channels_id", strconv.FormatInt(ev.channel, 10))
		w.str("content", content)
		w.integer("record_id", ev.rec)
		w.timeMs("time", ev.ms)
		w.str("type", typ)
		w.endObject()
		out = append(out, w.buf)
	}
	return out
}

func (g *generator) alertDocs(s *genSession) [][]byte {
	var out [][]byte
	for k := range s.events {
		ev := &s.events[k]
		var rule, alertType string
		switch ev.kind {
		case evCommand:
			rule, alertType = commands[ev.idx].rule, "adp.event.command"
		case evTitle:
			rule, alertType = windowTitles[ev.idx].rule, "adp.event.screen.windowtitle"
		case evScreen:
			if strings.HasPrefix(screenTexts[ev.idx], "Invoice") {
				rule, alertType = "[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{4}", "adp.event.screen.creditcard"
			}
		}
		if rule == "" {
			continue
		}
		action, content, _ := g.eventContent(s, ev)
		w := &jsonWriter{}
		w.object("")
		w.str("alert_type", alertType)
		w.str("channel_id", strconv.FormatInt(ev.channel, 10))
		w.str("matched_action", action)
		w.str("matched_content", content)
		w.str("matched_regexp", rule)
		w.integer("record_id", ev.rec)
		w.str("rule_name", "PatternMatcherRule")
		w.timeMs("time", ev.ms+137)
		w.endObject()
		out = append(out, w.buf)
	}
	return out
}

func (g *generator) channelDocs(s *genSession) [][]byte {
	var out [][]byte
	for k := range s.channels {
		c := &s.channels[k]
		w := &jsonWriter{}
		w.object("")
		w.boolean("active", s.active && c.verdict == "accept")
		if c.application != "" {
			w.str("application", c.application)
		}
		if s.hasTrail && c.verdict == "accept" {
			w.str("audit_stream_id", s.hash[:8]+"-"+strconv.FormatInt(c.id, 10))
		}
		w.integer("channel_id", c.id)
		if c.command != "" {
			w.str("command", c.command)
		}
		if c.fwdToPort != 0 {
			w.str("connected.ip", c.fwdTo.ip)
			w.str("connected.name", c.fwdTo.name)
			w.integer("connected.port", c.fwdToPort)
		}
		if c.device != "" {
			w.str("device_name", c.device)
		}
		if c.end != 0 {
			w.integer("duration", c.end-c.start)
		} else {
			w.integer("duration", g.now-c.start)
		}
		if c.dynamic != "" {
			w.str("dynamic_channel", c.dynamic)
		}
		if c.end != 0 {
			w.timeMs("end_time", c.end*1000)
		} else {
			w.null("end_time")
		}
		if c.fourEyes != "" {
			w.str("four_eyes_authorizer", c.fourEyes)
			w.str("four_eyes_description", "change ticket CHG-"+strconv.Itoa(1000+s.i%9000))
		}
		if c.fwdFromPort != 0 {
			w.str("originator.ip", c.fwdFrom.ip)
			w.str("originator.name", c.fwdFrom.name)
			w.integer("originator.port", c.fwdFromPort)
		}
		w.str("rule_num", strconv.Itoa(1+int(c.id)%3))
		if c.scpPath != "" {
			w.str("scp_path", c.scpPath)
		}
		w.timeMs("start_time", c.start*1000)
		if c.subsystem != "" {
			w.str("subsystem_name", c.subsystem)
		}
		w.str("type", c.typ)
		w.str("verdict", c.verdict)
		w.endObject()
		out = append(out, w.buf)
	}
	return out
}

func (g *generator) indexingDocs(s *genSession) [][]byte {
	var status string
	switch s.indexStatus {
	case "INDEXED":
		status = "COMPLETED"
	case "INDEXING_IN_PROGRESS":
		status = "IN_PROGRESS"
	case "INDEXING_FAILED":
		status = "FAILED"
	default:
		return nil
	}
	w := &jsonWriter{}
	w.object("")
	w.object("config")
	w.object("command")
	w.boolean("enabled", s.proto.terminal)
	w.endObject()
	w.object("keyboard")
	w.integer("buffer_interval", 3)
	w.boolean("enabled", false)
	w.endObject()
	w.object("mouse")
	w.integer("buffer_interval", 1)
	w.boolean("enabled", false)
	w.endObject()
	w.boolean("near_realtime", false)
	w.array("ocr_languages")
	if s.proto.graphical {
		w.str("", "eng")
	}
	w.endArray()
	w.object("screen")
	w.boolean("enabled", true)
	w.str("omnipage_trade_off", "TO_ACCURATE")
	w.endObject()
	w.object("title")
	w.boolean("enabled", s.proto.graphical)
	w.endObject()
	w.endObject()
	w.object("statistics")
	w.integer("cpu_time", 1+s.dur/40)
	w.integer("duration", 2+s.dur/20)
	w.integer("start_time", (s.start+s.dur+60)*1000)
	w.endObject()
	w.str("status", status)
	w.object("version")
	w.str("adp", "6.0.20")
	w.str("worker", "4.0.26")
	w.endObject()
	w.endObject()
	return [][]byte{w.buf}
}

func (g *generator) downloadDocs(s *genSession) [][]byte {
	if !s.hasTrail || s.active {
		return nil
	}
	r := newRNG(g.seed, s.i, streamActivity+1)
	if !r.chance(0.1) {
		return nil
	}
	var out [][]byte
	t := s.start + s.dur
	for range 1 + r.intn(3) {
		t += r.between(600, 5*86400)
		if t > g.now {
			break
		}
		w := &jsonWriter{}
		w.object("")
		w.boolean("from_api", r.chance(0.3))
		w.str("ip_address", fmt.Sprintf("10.30.0.%d", 10+r.intn(20)))
		w.timeMs("time", t*1000)
		w.str("username", downloadUsers[r.intn(len(downloadUsers))])
		w.endObject()
		out = append(out, w.buf)
	}
	return out
}
