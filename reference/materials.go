package reference

import (
	"net/url"
	"regexp"
	"strings"
)

// videoID is the shape of a YouTube video id.
var videoID = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)

// normalizeMaterials returns the materials of a new course work as Classroom stores them: the
// read-only fields a client sent are dropped and the emulator's own put in their place, and a
// link is "upgraded to a more appropriate type if possible, and this is reflected in the
// response" (Link.url). The materials have passed validateMaterials.
func normalizeMaterials(in []Material) []Material {
	if len(in) == 0 {
		return nil
	}
	out := make([]Material, len(in))
	for i, m := range in {
		switch {
		case m.DriveFile != nil:
			out[i] = driveMaterial(m.DriveFile.DriveFile.ID, enumValue(m.DriveFile.ShareMode))
		case m.YoutubeVideo != nil:
			out[i] = videoMaterial(m.YoutubeVideo.ID)
		case m.Link != nil:
			out[i] = upgradeLink(m.Link.URL)
		}
	}
	return out
}

func driveMaterial(id, shareMode string) Material {
	return Material{DriveFile: &SharedDriveFile{
		DriveFile: &DriveFile{ID: id, AlternateLink: "https://drive.google.com/open?id=" + url.QueryEscape(id)},
		ShareMode: shareMode,
	}}
}

func videoMaterial(id string) Material {
	esc := url.PathEscape(id)
	return Material{YoutubeVideo: &YouTubeVideo{
		ID:            id,
		AlternateLink: "https://www.youtube.com/watch?v=" + url.QueryEscape(id),
		ThumbnailURL:  "https://i.ytimg.com/vi/" + esc + "/default.jpg",
	}}
}

// upgradeLink turns a link to a YouTube video into a youtubeVideo material. Other links stay
// links (a Drive link too: the emulator has no Drive, so no Drive file would be visible); their
// title and thumbnail, which Classroom fetches from the page, are left unset since the emulator
// never leaves the machine.
func upgradeLink(raw string) Material {
	if u, err := url.Parse(raw); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
		host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		switch {
		case (host == "youtube.com" || host == "m.youtube.com") && u.Path == "/watch" && videoID.MatchString(u.Query().Get("v")):
			return videoMaterial(u.Query().Get("v"))
		case host == "youtu.be" && videoID.MatchString(strings.TrimPrefix(u.Path, "/")):
			return videoMaterial(strings.TrimPrefix(u.Path, "/"))
		}
	}
	return Material{Link: &Link{URL: raw}}
}

// cloneMaterials copies materials deeply enough that a response never shares memory with the
// store.
func cloneMaterials(in []Material) []Material {
	if in == nil {
		return nil
	}
	out := make([]Material, len(in))
	for i, m := range in {
		if m.DriveFile != nil {
			df := *m.DriveFile
			if df.DriveFile != nil {
				f := *df.DriveFile
				df.DriveFile = &f
			}
			m.DriveFile = &df
		}
		if m.YoutubeVideo != nil {
			v := *m.YoutubeVideo
			m.YoutubeVideo = &v
		}
		if m.Link != nil {
			l := *m.Link
			m.Link = &l
		}
		out[i] = m
	}
	return out
}
