package sps

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Appliance is what the client knows of the SPS it talks to, from GET
// /api/info (read once per client, Client.Appliance).
type Appliance struct {
	// Firmware is /api/info's firmware_version, e.g. "7.5.0"; "" when the
	// appliance did not say, which is treated as the oldest supported
	// firmware.
	Firmware string
}

// major is the firmware's major version, 0 when unknown.
func (a Appliance) major() int {
	head, _, _ := strings.Cut(a.Firmware, ".")
	n, err := strconv.Atoi(strings.TrimSpace(head))
	if err != nil {
		return 0
	}
	return n
}

// AdvancedSearch reports whether the firmware documents the advanced
// session search (a snapshot of the session database, _count): SPS 7.x
// and 8.x do; 6.x and an appliance that did not tell its firmware are read
// with the basic search.
func (a Appliance) AdvancedSearch() bool { return a.major() >= 7 }

// firmwareText names the firmware in messages.
func (a Appliance) firmwareText() string {
	if a.Firmware == "" {
		return "unknown firmware"
	}
	return "firmware " + a.Firmware
}

// applianceInfo is the client's record of the appliance: /api/info's
// answer once it came, and whether _snapshot turned out to be missing.
type applianceInfo struct {
	mu    sync.Mutex
	known bool
	app   Appliance
	// noSnapshot: _snapshot answered 404 although the firmware documents
	// it; later searches use the basic search at once.
	noSnapshot atomic.Bool
}

// Appliance reads GET /api/info on the first call and returns what it
// said from then on. An appliance that answers with an error (404, 403,
// something not JSON) is treated as the oldest supported firmware (empty
// Firmware), once; only a request that got no answer at all is returned as
// an error, and tried again on the next call.
func (c *Client) Appliance(ctx context.Context) (Appliance, error) {
	ai := &c.appliance
	ai.mu.Lock()
	defer ai.mu.Unlock()
	if ai.known {
		return ai.app, nil
	}
	var info struct {
		Body struct {
			Firmware flexString `json:"firmware_version"`
		} `json:"body"`
	}
	err := c.getJSON(ctx, "/api/info", nil, &info)
	var apiErr *Error
	switch {
	case err == nil:
		ai.app = Appliance{Firmware: strings.TrimSpace(string(info.Body.Firmware))}
	case errors.As(err, &apiErr) || !isTransport(err) && ctx.Err() == nil:
		c.info(ctx, "SPS did not tell its firmware version: treating it as the oldest supported", map[string]any{"error": err.Error()})
	default:
		return Appliance{}, err
	}
	ai.known = true
	method := methodBasic
	if ai.app.AdvancedSearch() {
		method = methodSnapshot
	}
	c.info(ctx, "SPS appliance: "+ai.app.firmwareText()+"; session searches use the "+method.describe(), map[string]any{
		"firmware_version": ai.app.Firmware, "search_method": string(method),
	})
	return ai.app, nil
}

// searchMethod is how a search reads the session database.
type searchMethod string

const (
	methodBasic    searchMethod = "basic"
	methodSnapshot searchMethod = "snapshot"
)

func (m searchMethod) describe() string {
	if m == methodSnapshot {
		return "advanced search (one snapshot of the session database per search)"
	}
	return "basic search (start_time slices beyond 10000 results)"
}

// SearchMethod chooses how a search reads the session database: Auto lets
// the appliance decide (the advanced search where its firmware has it);
// Basic and Snapshot force one, for comparing the two on one appliance.
type SearchMethod int

const (
	SearchAuto SearchMethod = iota
	SearchBasic
	SearchSnapshot
)

// searchMethod picks the method of a search: the one q forces, else the
// advanced search where the firmware documents it and _snapshot was not
// found missing.
func (c *Client) searchMethod(ctx context.Context, q SessionQuery) (searchMethod, Appliance, error) {
	app, err := c.Appliance(ctx)
	if err != nil {
		return "", app, err
	}
	switch {
	case q.Method == SearchBasic:
		return methodBasic, app, nil
	case q.Method == SearchSnapshot:
		return methodSnapshot, app, nil
	case app.AdvancedSearch() && !c.appliance.noSnapshot.Load():
		return methodSnapshot, app, nil
	}
	return methodBasic, app, nil
}
