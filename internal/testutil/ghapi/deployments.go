package ghapi

import (
	"sort"
	"strconv"
	"time"
)

// Deployment is a deployment created through the API, with its statuses
// in creation order.
type Deployment struct {
	Repo        string // owner/name
	ID          int64
	SHA, Ref    string
	Task        string
	Environment string
	Description string
	// Payload is the payload as sent (an object or a string), {} when
	// none was.
	Payload               any
	Transient, Production bool
	Creator               string
	CreatedAt             time.Time
	Statuses              []DeploymentStatus
}

// DeploymentStatus is a status of a deployment.
type DeploymentStatus struct {
	ID                                int64
	State                             string
	Description, Environment          string
	EnvironmentURL, LogURL, TargetURL string
	CreatedAt                         time.Time
}

// Deployments returns the deployments created through the API, in
// creation order.
func (s *Server) Deployments() []Deployment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Deployment
	for _, rs := range s.repoOrder {
		for _, d := range rs.deployments {
			c := *d
			c.Statuses = append([]DeploymentStatus(nil), d.Statuses...)
			out = append(out, c)
		}
	}
	return out
}

// repos/create-deployment: the ref is a branch, tag or commit (422 "No ref
// found for: REF" otherwise). GitHub's auto-merge of the default branch
// into the ref (auto_merge, true by default) is simulated only where it
// has nothing to do (the ref already holds the default branch's tip);
// required_contexts pass, as no commit statuses are simulated.
func createDeployment(c *call) reply {
	rs, s := c.repo, c.s
	ref, _ := c.str("ref")
	sha, found := rs.store.resolve(ref)
	if !found {
		return s.basicError(c, 422, "No ref found for: "+ref)
	}
	if am, set := c.boolean("auto_merge"); !set || am {
		tip, _ := rs.store.resolve("refs/heads/" + rs.cfg.DefaultBranch)
		if tip != sha {
			return c.unsupported("auto_merge (merging the default branch into the ref); send auto_merge: false")
		}
	}
	task, has := c.str("task")
	if !has {
		task = "deploy"
	}
	env, has := c.str("environment")
	if !has {
		env = "production"
	}
	desc, _ := c.str("description")
	var payload any = map[string]any{}
	if p, ok := c.obj()["payload"]; ok {
		payload = p
	}
	transient, _ := c.boolean("transient_environment")
	production, set := c.boolean("production_environment")
	if !set {
		production = env == "production"
	}
	s.nextID++
	d := &Deployment{Repo: rs.cfg.FullName(), ID: 7000000 + s.nextID, SHA: sha, Ref: ref, Task: task, Environment: env, Description: desc,
		Payload: payload, Transient: transient, Production: production, Creator: s.opts.Login, CreatedAt: s.now()}
	rs.deployments = append(rs.deployments, d)
	j := s.deploymentJSON(rs, d)
	return created(j["url"].(string), j)
}

func (s *Server) deploymentJSON(rs *repoState, d *Deployment) obj {
	a := s.api + "/repos/" + rs.cfg.FullName() + "/deployments/" + strconv.FormatInt(d.ID, 10)
	updated := d.CreatedAt
	if n := len(d.Statuses); n > 0 {
		updated = d.Statuses[n-1].CreatedAt
	}
	return obj{"url": a, "id": d.ID, "node_id": nodeID("DE", d.ID), "sha": d.SHA, "ref": d.Ref, "task": d.Task, "payload": d.Payload,
		"original_environment": d.Environment, "environment": d.Environment, "description": nullable(d.Description),
		"creator": s.userJSON(d.Creator), "created_at": ts(d.CreatedAt), "updated_at": ts(updated),
		"statuses_url": a + "/statuses", "repository_url": s.api + "/repos/" + rs.cfg.FullName(),
		"transient_environment": d.Transient, "production_environment": d.Production}
}

// repos/list-deployments: filtered by sha, ref, task and environment,
// newest first.
func listDeployments(c *call) reply {
	rs, s := c.repo, c.s
	items := []any{}
	for i := len(rs.deployments) - 1; i >= 0; i-- {
		d := rs.deployments[i]
		keep := true
		for k, v := range map[string]string{"sha": d.SHA, "ref": d.Ref, "task": d.Task, "environment": d.Environment} {
			if q := c.q.Get(k); q != "" && q != "none" && q != v {
				keep = false
			}
		}
		if keep {
			items = append(items, s.deploymentJSON(rs, d))
		}
	}
	return c.page(items)
}

func (c *call) deployment() (*Deployment, *reply) {
	id, _ := strconv.ParseInt(c.p["deployment_id"], 10, 64)
	for _, d := range c.repo.deployments {
		if d.ID == id {
			return d, nil
		}
	}
	r := c.notFound()
	return nil, &r
}

// repos/create-deployment-status: a success with auto_inactive (the
// default) adds an inactive status to the earlier non-transient,
// non-production deployments of the same environment, as GitHub does.
func createDeploymentStatus(c *call) reply {
	rs, s := c.repo, c.s
	d, nf := c.deployment()
	if nf != nil {
		return *nf
	}
	st := DeploymentStatus{CreatedAt: s.now()}
	st.State, _ = c.str("state")
	st.Description, _ = c.str("description")
	st.EnvironmentURL, _ = c.str("environment_url")
	st.LogURL, _ = c.str("log_url")
	st.TargetURL, _ = c.str("target_url")
	if st.LogURL == "" {
		st.LogURL = st.TargetURL
	}
	if st.TargetURL == "" {
		st.TargetURL = st.LogURL
	}
	if env, ok := c.str("environment"); ok && env != "" {
		d.Environment = env
	}
	st.Environment = d.Environment
	s.nextID++
	st.ID = 8000000 + s.nextID
	if ai, set := c.boolean("auto_inactive"); (!set || ai) && st.State == "success" {
		for _, o := range rs.deployments {
			if o != d && o.Environment == d.Environment && !o.Transient && !o.Production && o.ID < d.ID {
				s.nextID++
				o.Statuses = append(o.Statuses, DeploymentStatus{ID: 8000000 + s.nextID, State: "inactive", Environment: o.Environment, CreatedAt: st.CreatedAt})
			}
		}
	}
	d.Statuses = append(d.Statuses, st)
	j := s.deploymentStatusJSON(rs, d, st)
	return created(j["url"].(string), j)
}

func (s *Server) deploymentStatusJSON(rs *repoState, d *Deployment, st DeploymentStatus) obj {
	a := s.api + "/repos/" + rs.cfg.FullName() + "/deployments/" + strconv.FormatInt(d.ID, 10)
	// GitHub answers an unset URL as "", which the uri format of its own
	// schema refuses: optional ones are left out, and an unset target_url
	// (required) is the deployment's own URL.
	target := st.TargetURL
	if target == "" {
		target = a
	}
	j := obj{"url": a + "/statuses/" + strconv.FormatInt(st.ID, 10), "id": st.ID, "node_id": nodeID("DES", st.ID), "state": st.State,
		"creator": s.userJSON(d.Creator), "description": st.Description, "environment": st.Environment, "target_url": target,
		"created_at": ts(st.CreatedAt), "updated_at": ts(st.CreatedAt), "deployment_url": a,
		"repository_url": s.api + "/repos/" + rs.cfg.FullName()}
	if st.LogURL != "" {
		j["log_url"] = st.LogURL
	}
	if st.EnvironmentURL != "" {
		j["environment_url"] = st.EnvironmentURL
	}
	return j
}

// repos/list-deployment-statuses: newest first.
func listDeploymentStatuses(c *call) reply {
	rs, s := c.repo, c.s
	d, nf := c.deployment()
	if nf != nil {
		return *nf
	}
	sts := append([]DeploymentStatus(nil), d.Statuses...)
	sort.SliceStable(sts, func(i, j int) bool { return sts[i].ID > sts[j].ID })
	items := []any{}
	for _, st := range sts {
		items = append(items, s.deploymentStatusJSON(rs, d, st))
	}
	return c.page(items)
}
