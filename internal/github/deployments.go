package github

import (
	"context"
	"encoding/json"
	"fmt"

	gogithub "github.com/google/go-github/v57/github"

	"github.com/hotfix-dev/hotfix/internal/gh"
)

// Deploy is a deploy to record as a GitHub deployment.
type Deploy struct {
	// Ref is what GitHub deploys: a tag, or the commit.
	Ref string
	// Commit is the commit deployed, which the deployment is found by.
	Commit string
	// Env is the environment.
	Env string
	// Description is the deployment's and the status's description.
	Description string
	// RecordID and DeployedAt (RFC 3339) name the record's deployed event
	// in the deployment's payload, so that a rerun finds the deployment
	// an earlier run made rather than making another.
	RecordID, DeployedAt string
}

// Deployment is the GitHub deployment of a deploy and its status.
type Deployment struct {
	ID    int64
	URL   string
	State string
	// Found says the deployment was made by an earlier run.
	Found bool
}

// RecordDeployment records d as a GitHub deployment with a success status,
// once (the creations are not retried blindly: a rerun looks first): a deployment whose payload names the same record and deployed
// event is reused, and a status is added only when it has no success yet.
// The deployment asks GitHub for nothing (no auto-merge, no required
// status checks): the deploy already happened.
func (s *Service) RecordDeployment(ctx context.Context, d Deploy) (*Deployment, error) {
	t := s.Target
	var dep *gogithub.Deployment
	list, _, err := s.client.Repositories.ListDeployments(ctx, t.Owner(), t.Name(), &gogithub.DeploymentsListOptions{SHA: d.Commit, Environment: d.Env, Task: "deploy",
		ListOptions: gogithub.ListOptions{PerPage: 100}})
	if err != nil {
		return nil, s.Error(err, "look for the GitHub deployment of this deploy")
	}
	for _, x := range list {
		var p map[string]interface{}
		if json.Unmarshal(x.Payload, &p) == nil && p["hotfix_record"] == d.RecordID && p["deployed_at"] == d.DeployedAt {
			dep = x
			break
		}
	}
	out := &Deployment{Found: dep != nil}
	if dep == nil {
		dep, _, err = s.client.Repositories.CreateDeployment(gh.Once(ctx), t.Owner(), t.Name(), &gogithub.DeploymentRequest{
			Ref: gogithub.String(d.Ref), Task: gogithub.String("deploy"), Environment: gogithub.String(d.Env),
			Description: gogithub.String(d.Description), AutoMerge: gogithub.Bool(false), RequiredContexts: &[]string{},
			Payload: map[string]string{"hotfix_record": d.RecordID, "deployed_at": d.DeployedAt}})
		if err != nil {
			return nil, s.Error(err, fmt.Sprintf("create the GitHub deployment of %s to %s", d.Ref, d.Env))
		}
	}
	out.ID, out.URL = dep.GetID(), dep.GetURL()
	statuses, _, err := s.client.Repositories.ListDeploymentStatuses(ctx, t.Owner(), t.Name(), out.ID, &gogithub.ListOptions{PerPage: 100})
	if err != nil {
		return nil, s.Error(err, fmt.Sprintf("read the statuses of GitHub deployment %d", out.ID))
	}
	for _, st := range statuses {
		if st.GetState() == "success" {
			out.State = "success"
			return out, nil
		}
	}
	st, _, err := s.client.Repositories.CreateDeploymentStatus(gh.Once(ctx), t.Owner(), t.Name(), out.ID, &gogithub.DeploymentStatusRequest{
		State: gogithub.String("success"), Description: gogithub.String(d.Description), Environment: gogithub.String(d.Env)})
	if err != nil {
		return nil, s.Error(err, fmt.Sprintf("set the status of GitHub deployment %d", out.ID))
	}
	out.State = st.GetState()
	return out, nil
}
