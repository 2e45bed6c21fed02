package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/transaction"
)

// The first two fields of every state file: a file without them is not
// ours (and is never overwritten); a newer version is refused rather than
// half understood.
//
// Version 2 holds the whole configuration tree (every family of the
// mock's family table); version 1 held the VNC families only. A version-1
// file is upgraded as it is read: its configuration is kept and the
// families it predates get their seeds (mocksps.New seeds what a saved
// configuration lacks), and the file is rewritten as version 2 at startup.
// An older mocksps refuses a version-2 file instead of serving part of it.
const (
	stateFormat    = "mocksps-state"
	stateVersion   = 2
	oldestUpgraded = 1
)

// stateFile is what -state-file holds: the committed configuration and
// where the sessions came from. Open transactions, login sessions and
// counters are not kept: a restart is a reboot of the appliance.
type stateFile struct {
	Format       string `json:"format"`
	Version      int    `json:"version"`
	OptionsShape string `json:"options_shape"`
	// Firmware is the firmware version the mock reports; files written
	// before it was kept have none and take -firmware.
	Firmware string               `json:"firmware,omitempty"`
	Sessions sessionSource        `json:"sessions"`
	Config   transaction.Snapshot `json:"config"`
}

// readStateFile loads and checks a state file. A missing file is returned
// as an error matching os.ErrNotExist.
func readStateFile(path string) (*stateFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	notOurs := func(why string) error {
		return fmt.Errorf("%s is not a usable mocksps state file (%s); it is left as it is: "+
			"move it away or give -state-file another path", path, why)
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, notOurs("not JSON: " + err.Error())
	}
	if head.Format != stateFormat {
		return nil, notOurs(fmt.Sprintf("no %q format marker", stateFormat))
	}
	if head.Version < oldestUpgraded || head.Version > stateVersion {
		return nil, notOurs(fmt.Sprintf("format version %d; this mocksps reads versions %d to %d", head.Version, oldestUpgraded, stateVersion))
	}
	var f stateFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, notOurs(err.Error())
	}
	if f.OptionsShape != "audit" && f.OptionsShape != "legacy" {
		return nil, notOurs(fmt.Sprintf("options_shape %q", f.OptionsShape))
	}
	if f.Firmware != "" && !validFirmware(f.Firmware) {
		return nil, notOurs(fmt.Sprintf("firmware %q", f.Firmware))
	}
	if f.Config.Lists == nil || f.Config.Singletons == nil {
		return nil, notOurs("no configuration")
	}
	if _, err := sessionsOf(f.Sessions); err != nil {
		return nil, notOurs("sessions: " + err.Error())
	}
	return &f, nil
}

// writeFileAtomic replaces path with data so that a crash at any moment
// leaves either the old file or the new one: the data goes to a temporary
// file in the same directory, is synced, and is renamed over path (atomic
// on POSIX file systems); the directory is synced so the rename survives a
// power loss too.
func writeFileAtomic(path string, data []byte) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, tempPrefix(base)+"*")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	done = true
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort: not every file system syncs directories
		d.Close()
	}
	return nil
}

func tempPrefix(base string) string { return "." + base + ".tmp-" }

// removeStaleTemps deletes temporary files a killed mocksps left beside path.
func removeStaleTemps(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix(base)) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// persister saves the committed configuration after every change. Saves
// may be requested out of order (see transaction.Store.OnCommitted); the
// highest generation wins.
type persister struct {
	mu     sync.Mutex
	path   string
	head   stateFile // everything but Config
	gen    uint64
	stderr io.Writer
}

func (p *persister) save(gen uint64, st *transaction.State) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if gen <= p.gen {
		return
	}
	if err := p.write(st.Snapshot()); err != nil {
		// The change is committed in memory; only its copy on disk is
		// missing. Say so, and keep serving.
		fmt.Fprintln(p.stderr, "mocksps: saving -state-file:", err)
		return
	}
	p.gen = gen
}

func (p *persister) write(snap transaction.Snapshot) error {
	f := p.head
	f.Format, f.Version, f.Config = stateFormat, stateVersion, snap
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return writeFileAtomic(p.path, b)
}

// conflictingFlags are the flags whose values a state file already holds.
var conflictingFlags = []string{"sessions", "seed", "now", "sessions-file"}

// openState reads -state-file if it exists: its options shape, firmware and sessions
// replace the flags' (which may not contradict it), and its configuration
// is where the mock starts. Without the file, the flags decide and the
// file is created at startup.
func openState(o *options) (*stateFile, error) {
	f, err := readStateFile(o.stateFile)
	if errors.Is(err, os.ErrNotExist) {
		src, err := sessionSourceOf(o)
		if err != nil {
			return nil, err
		}
		return &stateFile{Format: stateFormat, Version: stateVersion, OptionsShape: o.shape, Firmware: o.firmware, Sessions: src}, nil
	}
	if err != nil {
		return nil, err
	}
	for _, name := range conflictingFlags {
		if o.set[name] {
			return nil, fmt.Errorf("-%s: %s already holds the sessions; drop the flag, or start from a new -state-file", name, o.stateFile)
		}
	}
	if o.set["options-shape"] && o.shape != f.OptionsShape {
		return nil, fmt.Errorf("-options-shape %s: %s holds a %s appliance", o.shape, o.stateFile, f.OptionsShape)
	}
	o.shape = f.OptionsShape
	if f.Firmware != "" {
		if o.set["firmware"] && o.firmware != f.Firmware {
			return nil, fmt.Errorf("-firmware %s: %s holds an appliance with firmware %s", o.firmware, o.stateFile, f.Firmware)
		}
		o.firmware = f.Firmware
	}
	return f, nil
}
