package sps

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
)

// sessionPath is the REST path of one recorded session; id may be in either
// form (svc/X/name:2 or svc-X-name-2).
func sessionPath(id string) string {
	return "/api/audit/sessions/" + url.PathEscape(SessionRESTID(id))
}

// GetSession reads one recorded session's document. id may be the logged
// form (svc/<hash>/<policy>:<n>) or the REST form; it is converted with
// SessionRESTID. A session that does not exist gives an error for which
// IsNotFound holds.
func (c *Client) GetSession(ctx context.Context, id string) (*Session, error) {
	if SessionRESTID(id) == "" {
		return nil, errors.New("sps: an empty session id")
	}
	var env struct {
		Key  flexString `json:"key"`
		Body sessionDoc `json:"body"`
	}
	if err := c.getJSON(ctx, sessionPath(id), nil, &env); err != nil {
		return nil, err
	}
	key := string(env.Key)
	if key == "" {
		key = SessionRESTID(id)
	}
	s := env.Body.session(key)
	return &s, nil
}

// SessionEvents lists every event extracted from a session (all pages).
// query optionally filters them with the events query language
// (e.g. `type:command AND content:sudo`).
func (c *Client) SessionEvents(ctx context.Context, id, query string) ([]SessionEvent, error) {
	v := url.Values{}
	setIf(v, "q", query)
	return listAllOf(ctx, c, sessionPath(id)+"/events", v, eventDoc.event)
}

// SessionAlerts lists every alert raised in a session (all pages), ordered
// by record id as SPS returns them.
func (c *Client) SessionAlerts(ctx context.Context, id string) ([]SessionAlert, error) {
	return listAllOf(ctx, c, sessionPath(id)+"/alerts", nil, alertDoc.alert)
}

// SessionChannels lists every channel of a session (all pages). Items may
// come as plain objects or wrapped as {"key", "body"}; both are accepted.
func (c *Client) SessionChannels(ctx context.Context, id string) ([]SessionChannel, error) {
	var out []SessionChannel
	err := c.listAll(ctx, sessionPath(id)+"/channels", nil, func(dec *json.Decoder) error {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		var wrapped struct {
			Key  flexString  `json:"key"`
			Body *channelDoc `json:"body"`
		}
		if err := json.Unmarshal(raw, &wrapped); err == nil && wrapped.Body != nil {
			ch := wrapped.Body.channel()
			if ch.ChannelID == "" {
				ch.ChannelID = string(wrapped.Key)
			}
			out = append(out, ch)
			return nil
		}
		var ch channelDoc
		if err := json.Unmarshal(raw, &ch); err != nil {
			return err
		}
		out = append(out, ch.channel())
		return nil
	})
	return out, err
}
