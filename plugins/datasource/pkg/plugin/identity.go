package plugin

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Identity is who a backend call is made for. It is derived only from the plugin context that
// Grafana sends over its local gRPC channel, never from browser-supplied headers, so the backend
// can trust it together with the tenant's key of kind "grafana".
type Identity struct {
	OrgID   int64
	Login   string
	Email   string
	Role    string
	Service bool // alert rules, recorded queries, background jobs: no user, tenant service principal
}

// Header names of the backend contract (see DESIGN.md decision 3).
const (
	HeaderOrgID     = "X-Grafana-Org-Id"
	HeaderUser      = "X-Grafana-User"
	HeaderEmail     = "X-Grafana-Email"
	HeaderRole      = "X-Grafana-Role"
	HeaderPrincipal = "X-Semantest-Principal"
)

// identityFor builds the identity of a request. fromAlert is Grafana's "FromAlert" header: an alert
// evaluation must see the same rows whoever edits the rule, so it always runs as the service
// principal, even in a preview where a user is present.
func identityFor(pc backend.PluginContext, fromAlert bool) Identity {
	id := Identity{OrgID: pc.OrgID}
	if pc.User == nil || fromAlert {
		id.Service = true
		return id
	}
	id.Login, id.Email, id.Role = pc.User.Login, pc.User.Email, pc.User.Role
	return id
}

// isFromAlert reads Grafana's marker for alert-rule evaluations. It is a plain metadata key (not an
// http_ forwarded header), but accept both spellings so a Grafana change does not silently turn
// alert queries into user queries.
func isFromAlert(headers map[string]string) bool {
	for k, v := range headers {
		if strings.EqualFold(k, "FromAlert") || strings.EqualFold(k, "http_FromAlert") {
			return v == "true"
		}
	}
	return false
}

// apply sets the identity headers. Values are stripped of control characters: a login with a
// newline must not be able to smuggle another header.
func (id Identity) apply(h http.Header) {
	for _, k := range []string{HeaderOrgID, HeaderUser, HeaderEmail, HeaderRole, HeaderPrincipal} {
		h.Del(k)
	}
	h.Set(HeaderOrgID, strconv.FormatInt(id.OrgID, 10))
	if id.Service {
		h.Set(HeaderPrincipal, "service")
		return
	}
	setClean(h, HeaderUser, id.Login)
	setClean(h, HeaderEmail, id.Email)
	setClean(h, HeaderRole, id.Role)
}

func setClean(h http.Header, k, v string) {
	v = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, v)
	if v != "" {
		h.Set(k, v)
	}
}
