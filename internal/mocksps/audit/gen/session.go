package gen

import (
	"math"
	"slices"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

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
	s.key = jsondoc.RESTForm(s.sessionID())
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
// The draws from it come in a fixed order: channels, events, score.
func (g *generator) activity(s *genSession) {
	r := newRNG(g.seed, s.i, streamActivity)
	if s.verdict.accepted || s.verdict.name == "DENY" {
		addChannels(s, r)
	}
	addEvents(s, r)
	scoreAndTag(s, r)
}

// channelAdder numbers a session's channels and gives them their times.
type channelAdder struct {
	s   *genSession
	r   *rng
	end int64 // when the channels end; 0 while the session is active
}

func (a channelAdder) add(c genChannel) {
	s := a.s
	c.id = int64(len(s.channels) + 1)
	if c.verdict == "" {
		c.verdict = "accept"
	}
	if c.start == 0 {
		c.start = s.start + a.r.between(0, max(0, s.dur/4))
	}
	c.end = a.end
	if c.verdict != "accept" {
		c.end = c.start
	}
	s.channels = append(s.channels, c)
}

// addChannels adds the main channel of the protocol and, when it was
// accepted, the others a session of that protocol may open.
func addChannels(s *genSession, r *rng) {
	a := channelAdder{s: s, r: r, end: s.start + s.dur}
	if s.active {
		a.end = 0
	}
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
		sshChannels(a, main)
	case "rdp":
		rdpChannels(a, main)
	case "vnc":
		main.typ = "drawing"
		a.add(main)
	case "telnet":
		main.typ = "terminal"
		a.add(main)
	case "http":
		main.typ = "http"
		a.add(main)
	case "ica":
		icaChannels(a, main)
	}
}

// sshChannels: a shell, and now and then exec, scp, sftp, forwards and a
// refused X11 forward.
func sshChannels(a channelAdder, main genChannel) {
	r, s := a.r, a.s
	main.typ = "session shell"
	a.add(main)
	if main.verdict != "accept" {
		return
	}
	if r.chance(0.2) {
		a.add(genChannel{typ: "session exec", command: commands[r.intn(len(commands))].cmd})
	}
	if r.chance(0.15) {
		a.add(genChannel{typ: "session exec scp", scpPath: "/srv/app/releases"})
	}
	if r.chance(0.15) {
		a.add(genChannel{typ: "session subsystem sftp", subsystem: "sftp"})
	}
	if r.chance(0.05) {
		a.add(genChannel{typ: "local forward", fwdFrom: host{"::1", "localhost"}, fwdFromPort: r.between(30000, 60000),
			fwdTo: s.server, fwdToPort: 5432})
	}
	if r.chance(0.03) {
		a.add(genChannel{typ: "remote forward", fwdFrom: host{"::1", "localhost"}, fwdFromPort: r.between(30000, 60000),
			fwdTo: host{"127.0.0.1", "localhost"}, fwdToPort: 9898})
	}
	if r.chance(0.03) {
		a.add(genChannel{typ: "x11 forward", verdict: "deny"})
	}
}

// rdpChannels: drawing, and the virtual channels of rdpExtraChannels.
func rdpChannels(a channelAdder, main genChannel) {
	r := a.r
	main.typ = "drawing"
	a.add(main)
	if main.verdict != "accept" {
		return
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
		a.add(c)
	}
}

// icaChannels: drawing or a seamless application, then clipboard and
// printer now and then.
func icaChannels(a channelAdder, main genChannel) {
	r := a.r
	main.typ = "drawing"
	if r.chance(0.3) {
		main.typ = "seamless"
		main.application = icaApplications[r.intn(len(icaApplications))]
	}
	a.add(main)
	if main.verdict == "accept" && r.chance(0.4) {
		a.add(genChannel{typ: "clipboard"})
	}
	if main.verdict == "accept" && r.chance(0.15) {
		a.add(genChannel{typ: "printer", device: "PRN1"})
	}
}

// addEvents adds the events of an indexed trail.
func addEvents(s *genSession, r *rng) {
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
}

// scoreAndTag sets the analytics score and the tags.
func scoreAndTag(s *genSession, r *rng) {
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
