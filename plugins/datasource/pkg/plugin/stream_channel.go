package plugin

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Live channel paths (after Grafana's "ds/<uid>/" prefix):
//
//	org/<orgId>/batches                 org-wide view, relayed as the service principal: org Admins only
//	org/<orgId>/user/<login>/batches    one user's view, relayed with that user's identity (policies apply)
//
// RunStream runs once per channel and is shared by every subscriber, so whoever may subscribe must be
// entitled to exactly what the relay's identity sees. <login> is base64url so that e-mail-like
// logins stay within Live's path alphabet.
type channel struct {
	OrgID int64
	User  string // decoded login; empty for the org channel
}

const queryTypeStream = "stream"

var errBadChannel = errors.New("unknown channel")

func parseChannel(path string) (channel, error) {
	parts := strings.Split(path, "/")
	if len(parts) < 3 || parts[0] != "org" || parts[len(parts)-1] != "batches" {
		return channel{}, errBadChannel
	}
	org, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || org <= 0 {
		return channel{}, errBadChannel
	}
	switch len(parts) {
	case 3:
		return channel{OrgID: org}, nil
	case 5:
		login, err := base64.RawURLEncoding.DecodeString(parts[3])
		if parts[2] != "user" || err != nil || len(login) == 0 {
			return channel{}, errBadChannel
		}
		return channel{OrgID: org, User: string(login)}, nil
	}
	return channel{}, errBadChannel
}

func (c channel) Path() string {
	if c.User == "" {
		return fmt.Sprintf("org/%d/batches", c.OrgID)
	}
	return fmt.Sprintf("org/%d/user/%s/batches", c.OrgID, base64.RawURLEncoding.EncodeToString([]byte(c.User)))
}

// allows is the subscription check: same org, and either the user themself or an org Admin for the
// org-wide channel.
func (c channel) allows(pc backend.PluginContext) bool {
	if pc.OrgID != c.OrgID || pc.User == nil {
		return false
	}
	if c.User == "" {
		return pc.User.Role == "Admin"
	}
	return pc.User.Login == c.User
}

// identity is what the relay connects as; the subscribing user's details come from the plugin
// context (Grafana's, not the path's).
func (c channel) identity(pc backend.PluginContext) Identity {
	if c.User == "" {
		return Identity{OrgID: c.OrgID, Service: true}
	}
	return identityFor(pc, false)
}

// channelFor picks the channel a query should stream from: the user's own one.
func channelFor(pc backend.PluginContext) channel {
	if pc.User == nil || pc.User.Login == "" {
		return channel{OrgID: pc.OrgID}
	}
	return channel{OrgID: pc.OrgID, User: pc.User.Login}
}

// streamQueryResponse answers a "stream" query with an empty frame of the batch schema whose
// Meta.Channel makes @grafana/runtime subscribe to the Live channel and append what RunStream sends.
func streamQueryResponse(pc backend.PluginContext, refID string) backend.DataResponse {
	f := newBatchFrame()
	f.RefID = refID
	uid := ""
	if pc.DataSourceInstanceSettings != nil {
		uid = pc.DataSourceInstanceSettings.UID
	}
	f.SetMeta(&data.FrameMeta{Channel: fmt.Sprintf("ds/%s/%s", uid, channelFor(pc).Path())})
	return backend.DataResponse{Frames: data.Frames{f}}
}
