package sps

import (
	"context"
	"fmt"
)

// Settings serves one singleton area (ssh/options, vnc/options, ...): SPS
// holds exactly one body there, which is read and updated, never created
// or deleted. Every error it returns is an *AreaError naming the area.
type Settings struct {
	c    *Client
	area *Area
}

// Settings returns the singleton implementation for area a.
func (c *Client) Settings(a *Area) *Settings { return &Settings{c: c, area: a} }

// Area is the area s serves.
func (s *Settings) Area() *Area { return s.area }

func (s *Settings) fail(err error) error {
	if err == nil {
		return nil
	}
	return &AreaError{Area: s.area, Err: err}
}

// Get reads the committed body.
func (s *Settings) Get(ctx context.Context) (*Object, error) {
	var r rawItem
	if err := s.c.getJSON(ctx, s.area.Endpoint(), nil, &r); err != nil {
		return nil, s.fail(err)
	}
	if !hasBody(r.Body) {
		return nil, s.fail(fmt.Errorf("SPS API GET %s: the answer holds no body", s.area.Endpoint()))
	}
	return &Object{Key: r.Key, Body: r.Body}, nil
}

// Update writes the declared fields onto the body by the area's Overlay
// (Area.Declare): undeclared fields keep the value SPS holds.
func (s *Settings) Update(ctx context.Context, fields map[string]any) (*Object, error) {
	return s.Edit(ctx, s.area.Declare(fields))
}

// Edit applies e to the body inside a transaction and returns the
// committed result. When the commit's outcome is unknown, or it landed but
// reading back failed, the body written comes back with the error, for the
// caller to record.
func (s *Settings) Edit(ctx context.Context, e Edit) (*Object, error) {
	if s.area.ReadOnly != "" {
		return nil, s.fail(&ReadOnlyError{Noun: s.area.Noun, Path: s.area.Endpoint(), Reason: s.area.ReadOnly})
	}
	var written []byte
	op := operation{
		desc:  "updating " + s.area.Noun,
		apply: editApply(s.area.Endpoint(), e, &written),
		verify: func(ctx context.Context) error {
			got, err := s.Get(ctx)
			if err != nil {
				return err
			}
			return landed(e, got)
		},
	}
	if err := s.c.engine.submit(ctx, op); err != nil {
		if IsCommitOutcomeUnknown(err) && written != nil {
			return &Object{Body: written}, s.fail(err)
		}
		return nil, s.fail(err)
	}
	ctx, cancel := s.c.detached(ctx)
	defer cancel()
	got, err := s.Get(ctx)
	if err != nil {
		return &Object{Body: written}, s.fail(CommittedError{Err: fmt.Errorf("%s: the update was committed, but reading it back failed: %w", s.area.Noun, err)})
	}
	return got, nil
}
