"""A small URL shortener: short codes are kept in urls.json."""
import json
import os.path

from flask import Flask, abort, flash, jsonify, redirect, render_template, request, session, url_for

app = Flask(__name__)
app.secret_key = os.environ.get("SECRET_KEY", "dev")

URLS_FILE = "urls.json"


def load_urls(path=URLS_FILE):
    """Return the short codes and their targets, empty when there are none yet."""
    if not os.path.exists(path):
        return {}
    with open(path) as urls_file:
        return json.load(urls_file)


def save_urls(urls, path=URLS_FILE):
    """Write the short codes back to disk."""
    with open(path, "w") as urls_file:
        json.dump(urls, urls_file, indent=2)


def _valid_code(code):
    # Codes become path segments: keep them to letters, digits, - and _.
    return bool(code) and all(c.isalnum() or c in "-_" for c in code)


@app.route("/")
def home():
    """Show the form and the codes this session created."""
    return render_template("home.html", codes=session.keys())


@app.route("/your-url", methods=["GET", "POST"])
def your_url():
    """Create a short code for the posted URL."""
    if request.method != "POST":
        return redirect(url_for("home"))
    code = request.form["code"]
    if not _valid_code(code):
        flash("A short name may only hold letters, digits, '-' and '_'.")
        return redirect(url_for("home"))
    urls = load_urls()
    if code in urls:
        flash("That short name is taken. Please pick another one.")
        return redirect(url_for("home"))
    urls[code] = {"url": request.form["url"]}
    save_urls(urls)
    session[code] = True
    return render_template("your_url.html", code=code)


@app.route("/<string:code>")
def redirect_to_url(code):
    """Send the visitor to the URL behind code."""
    urls = load_urls()
    if code in urls and "url" in urls[code]:
        return redirect(urls[code]["url"])
    return abort(404)


@app.errorhandler(404)
def page_not_found(error):
    return render_template("page_not_found.html"), 404


@app.route("/api")
def session_api():
    """List this session's codes as JSON."""
    return jsonify(list(session.keys()))
