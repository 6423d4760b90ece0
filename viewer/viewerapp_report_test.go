package viewer

// The report of tools/viewer-e2e.mjs, as TestViewerApp reads it.

// viewerReport is the JSON printed by tools/viewer-e2e.mjs.
type viewerReport struct {
	OK       bool   `json:"ok"`
	Phase    string `json:"phase"`
	Error    string `json:"error"`
	MS       int    `json:"ms"`
	Chromium string `json:"chromium"`
	Cesium   string `json:"cesium"`
	Steps    []struct {
		Name string `json:"name"`
		MS   int    `json:"ms"`
	} `json:"steps"`
	Ready        bool         `json:"ready"`
	Stats        *viewerStats `json:"stats"`
	Selected     *selection   `json:"selected"`
	PipeSelected *selection   `json:"pipeSelected"`
	Marks        []string     `json:"marks"`
	Tools        *struct {
		GasHidden   bool              `json:"gasHidden"`
		GasShown    bool              `json:"gasShown"`
		Styles      map[string]string `json:"styles"`
		Legend      string            `json:"legend"`
		Highlight   string            `json:"highlight"`
		Measure     *measureResult    `json:"measure"`
		MeasureText string            `json:"measureText"`
	} `json:"tools"`
	Underground *undergroundState `json:"underground"`
	Below       *struct {
		GroundM         float64          `json:"groundM"`
		GroundTarget    float64          `json:"groundTarget"`
		GroundHeight    float64          `json:"groundHeight"`
		EllipsoidTarget float64          `json:"ellipsoidTarget"`
		EllipsoidHeight float64          `json:"ellipsoidHeight"`
		State           undergroundState `json:"state"`
	} `json:"below"`
	Lang *struct {
		Before langTexts `json:"before"`
		After  langTexts `json:"after"`
		Stored string    `json:"stored"`
	} `json:"lang"`
	Layout *struct {
		Width  float64 `json:"width"`
		Height float64 `json:"height"`
		Left   box     `json:"left"`
		Right  box     `json:"right"`
		Topbar box     `json:"topbar"`
	} `json:"layout"`
	Screenshots     map[string]string `json:"screenshots"`
	ConsoleErrors   []string          `json:"consoleErrors"`
	PageErrors      []string          `json:"pageErrors"`
	ForeignRequests []string          `json:"foreignRequests"`
	HTTPErrors      []string          `json:"httpErrors"`
}

// selection is what the info panel showed after a click.
type selection struct {
	ID         string         `json:"id"`
	Layer      string         `json:"layer"`
	Color      string         `json:"color"`
	InfoText   string         `json:"infoText"`
	Error      *string        `json:"error"`
	Loading    bool           `json:"loading"`
	Properties map[string]any `json:"properties"`
	Details    map[string]any `json:"details"`
}

type viewerStats struct {
	Layers map[string]struct {
		Kind        string  `json:"kind"`
		Loaded      int     `json:"loaded"`
		Failed      int     `json:"failed"`
		TilesLoaded bool    `json:"tilesLoaded"`
		Error       *string `json:"error"`
	} `json:"layers"`
	Loaded   int `json:"loaded"`
	Failed   int `json:"failed"`
	Pending  int `json:"pending"`
	Frames   int `json:"frames"`
	Failures []struct {
		Layer   string `json:"layer"`
		URL     string `json:"url"`
		Message string `json:"message"`
	} `json:"failures"`
}

type measureResult struct {
	Distance3D float64 `json:"distance3d"`
	Horizontal float64 `json:"horizontal"`
	DH         float64 `json:"dh"`
	DepthA     float64 `json:"depthA"`
	DepthB     float64 `json:"depthB"`
}

type undergroundState struct {
	On                 bool     `json:"on"`
	Translucency       bool     `json:"translucency"`
	CollisionDetection bool     `json:"collisionDetection"`
	Labels             int      `json:"labels"`
	LabelTexts         []string `json:"labelTexts"`
	Error              *string  `json:"error"`
	CameraHeight       float64  `json:"cameraHeight"`
	GroundM            float64  `json:"groundM"`
}

type langTexts struct {
	HTMLLang    string   `json:"htmlLang"`
	Underground string   `json:"underground"`
	Layers      string   `json:"layers"`
	Info        string   `json:"info"`
	Labels      []string `json:"labels"`
}

type box struct {
	Left   float64 `json:"left"`
	Top    float64 `json:"top"`
	Right  float64 `json:"right"`
	Bottom float64 `json:"bottom"`
}
