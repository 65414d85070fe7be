package github

import (
	"context"
	"errors"
	"fmt"

	gogithub "github.com/google/go-github/v57/github"

	"github.com/hotfix-dev/hotfix/internal/gh"
)

// Release is what commands need to know of a GitHub Release.
type Release struct {
	ID  int64
	Tag string
	// URL is its web address.
	URL  string
	Body string
}

// NewRelease is a release to publish for an existing tag.
type NewRelease struct {
	Tag, Name, Body string
	// Prerelease marks a pre-release version (v2.0.0-rc.2).
	Prerelease bool
}

// ReleaseByTag is the published release of tag, nil when there is none
// (GitHub answers 404).
func (s *Service) ReleaseByTag(ctx context.Context, tag string) (*Release, error) {
	got, _, err := s.client.Repositories.GetReleaseByTag(ctx, s.Target.Owner(), s.Target.Name(), tag)
	if err != nil {
		var er *gogithub.ErrorResponse
		if errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == 404 && er.Response.Header.Get("X-RateLimit-Remaining") != "0" {
			return nil, nil
		}
		return nil, err
	}
	return &Release{ID: got.GetID(), Tag: got.GetTagName(), URL: got.GetHTMLURL(), Body: got.GetBody()}, nil
}

// PublishReleaseOnce publishes the release of r.Tag unless it has one: the
// tag is looked up first, so that a rerun (or a release made by hand)
// never makes a second; found says it was there. The create is sent once,
// never retried after it may have landed; when it fails, the tag is
// looked up once more.
func (s *Service) PublishReleaseOnce(ctx context.Context, r NewRelease) (rel *Release, found bool, err error) {
	doing := fmt.Sprintf("publish the GitHub Release of %s", r.Tag)
	if rel, err := s.ReleaseByTag(ctx, r.Tag); err != nil {
		return nil, false, s.Error(err, doing)
	} else if rel != nil {
		return rel, true, nil
	}
	got, _, err := s.client.Repositories.CreateRelease(gh.Once(ctx), s.Target.Owner(), s.Target.Name(), &gogithub.RepositoryRelease{
		TagName: gogithub.String(r.Tag), Name: gogithub.String(r.Name), Body: gogithub.String(r.Body),
		Draft: gogithub.Bool(false), Prerelease: gogithub.Bool(r.Prerelease)})
	if err != nil {
		if again, ferr := s.ReleaseByTag(ctx, r.Tag); ferr == nil && again != nil {
			return again, true, nil
		}
		return nil, false, s.Error(err, doing)
	}
	return &Release{ID: got.GetID(), Tag: got.GetTagName(), URL: got.GetHTMLURL(), Body: got.GetBody()}, false, nil
}
