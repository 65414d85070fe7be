package lang

import "testing"

// TestJSMembersAndCommonJS covers what issue 17 asks of JS/TS
// declarations: class properties and accessors, _underscore members, and
// the CommonJS ways of exporting.
func TestJSMembersAndCommonJS(t *testing.T) {
	for _, c := range []struct {
		name, file, src string
		wants           []want
	}{
		{"properties and accessors", "a.ts", `export class A {
  /** Documented. */
  limit = 10;
  readonly name: string;
  _cache = new Map();
  [key: string]: unknown;
  get size() { return 1; }
  set size(v) {}
  _helper() {}
}
class B {
  x = 1;
}
`, []want{
			{"A", "class", true, 1, 10, 1, 0, 0, ""},
			{"A.limit", "property", true, 3, 3, 0, 2, 2, "Documented."},
			{"A.name", "property", true, 4, 4, 0, 0, 0, ""},
			{"A._cache", "property", false, 5, 5, 0, 0, 0, ""},
			{"A.size", "getter", true, 7, 7, 7, 0, 0, ""},
			{"A.size", "setter", true, 8, 8, 8, 0, 0, ""},
			{"A._helper", "method", false, 9, 9, 9, 0, 0, ""},
			{"B", "class", false, 11, 13, 11, 0, 0, ""},
			{"B.x", "property", false, 12, 12, 0, 0, 0, ""},
		}},
		{"express response object", "response.js", `var res = Object.create(http.ServerResponse.prototype);

module.exports = res;

/**
 * Send JSON.
 */
res.json = function json(obj) {
  return this.send(obj);
};

res.status = function status(code) {
  this.statusCode = code;
};

res._private = function () {};

req.get = req.header = function header(name) {
  return name;
};

local.helper = function () {};
res.limit = 5;
`, []want{
			{"res", "var", true, 1, 1, 0, 0, 0, ""},
			{"res.json", "method", true, 8, 10, 8, 5, 7, "Send JSON."},
			{"res.status", "method", true, 12, 14, 12, 0, 0, ""},
			{"res._private", "method", false, 16, 16, 16, 0, 0, ""},
		}},
		{"exports chains and prototypes", "app.js", `var app = exports = module.exports = {};

app.init = function init() {};

exports = module.exports = createApplication;

function createApplication() {}

function Router() {}
module.exports.Router = Router;

Router.prototype.route = function route(path) {};

var proto = Router.prototype;
proto.use = function use(fn) {};

function Hidden() {}
Hidden.prototype.x = function () {};
exports = Hidden;
`, []want{
			{"app", "var", true, 1, 1, 0, 0, 0, ""},
			{"app.init", "method", true, 3, 3, 3, 0, 0, ""},
			{"createApplication", "function", true, 7, 7, 7, 0, 0, ""},
			{"Router", "function", true, 9, 9, 9, 0, 0, ""},
			{"Router.prototype.route", "method", true, 12, 12, 12, 0, 0, ""},
			{"proto", "var", false, 14, 14, 0, 0, 0, ""},
			{"proto.use", "method", true, 15, 15, 15, 0, 0, ""},
			{"Hidden", "function", false, 17, 17, 17, 0, 0, ""},
		}},
		{"module.exports function chain", "router.js", `var proto = module.exports = function (options) {
  return options;
};

proto.param = function param(name, fn) {};
`, []want{
			{"proto", "function", true, 1, 3, 1, 0, 0, ""},
			{"proto.param", "method", true, 5, 5, 5, 0, 0, ""},
		}},
		// The module's own export (multer's index.js, koa's is-stream.js)
		// is public API: named by its function's name, else module.exports.
		{"module.exports function", "index.js", `/** Makes the middleware. */
module.exports = function (options) {
  return options;
};
`, []want{
			{"module.exports", "function", true, 2, 4, 2, 1, 1, "Makes the middleware."},
		}},
		{"module.exports named, async generator", "gen.js", `module.exports = async function* lines(stream) {
  yield 1;
};
`, []want{
			{"lines", "function", true, 1, 3, 1, 0, 0, ""},
		}},
		{"module.exports arrow through exports", "is-stream.js", `exports = module.exports = stream =>
  stream !== null && typeof stream.pipe === 'function';
`, []want{
			{"module.exports", "function", true, 1, 2, 2, 0, 0, ""},
		}},
		{"module.exports not a function", "index.js", `module.exports = require('./lib/multer');
module.exports = createApp(options);
`, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			ds, err := JS{}.Decls(c.file, []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			checkDecls(t, ds, c.wants)
			checkInvariants(t, []byte(c.src), ds)
		})
	}
}
