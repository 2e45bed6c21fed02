package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
)

// sessionSource says where the session database comes from: generated
// sessions (reproducible from count, seed and time) and a loaded session
// file's content. It is what -state-file keeps, so a restart serves the
// same sessions without the flags.
type sessionSource struct {
	Generated *generatedSessions `json:"generated,omitempty"`
	Loaded    json.RawMessage    `json:"loaded,omitempty"`
}

type generatedSessions struct {
	Count int       `json:"count"`
	Seed  int64     `json:"seed"`
	Now   time.Time `json:"now"`
}

// sessionSourceOf reads the -sessions, -seed, -now and -sessions-file flags.
func sessionSourceOf(o *options) (sessionSource, error) {
	var src sessionSource
	if o.sessions > 0 {
		src.Generated = &generatedSessions{Count: o.sessions, Seed: o.seed, Now: generationTime(o.now)}
	}
	if o.sessionsFile != "" {
		b, err := os.ReadFile(o.sessionsFile)
		if err != nil {
			return src, fmt.Errorf("-sessions-file: %w", err)
		}
		// Checked here so a bad file is reported with its name.
		if _, err := audit.Load(bytes.NewReader(b)); err != nil {
			return src, fmt.Errorf("%s: %w", o.sessionsFile, err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, b); err != nil {
			return src, fmt.Errorf("%s: %w", o.sessionsFile, err)
		}
		src.Loaded = compact.Bytes()
	}
	return src, nil
}

// sessionsOf builds the session database: generated sessions plus the
// loaded ones.
func sessionsOf(src sessionSource) (*audit.Store, error) {
	st := audit.NewStore()
	if g := src.Generated; g != nil && g.Count > 0 {
		st.Merge(audit.Generate(g.Count, g.Seed, g.Now))
	}
	if len(src.Loaded) > 0 {
		loaded, err := audit.Load(bytes.NewReader(src.Loaded))
		if err != nil {
			return nil, err
		}
		st.Merge(loaded)
	}
	return st, nil
}

// generationTime is the instant generated sessions lead up to. Generation is
// deterministic for (count, seed, time); defaulting to the start of the
// current hour keeps the data recent and still identical across restarts
// within that hour, and -now pins it for good (as does -state-file).
func generationTime(flagValue string) time.Time {
	if t, err := time.Parse(time.RFC3339, flagValue); err == nil {
		return t
	}
	return time.Now().UTC().Truncate(time.Hour)
}

func validRFC3339(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}
