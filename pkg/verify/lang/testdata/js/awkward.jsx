import React from "react";

// JSX text may hold quotes and slashes: the scanner must not read them
/** A greeting. */
export function Greeting({ name }) {
  return (
    <div className="greeting" data-x='it"s'>
      <p>Don't panic // this is text, not a comment</p>
      <p>It's {name}'s turn /* also text */</p>
      {/* a real comment */}
      <>
        <Child render={() => <span>{"}"}</span>} />
      </>
    </div>
  );
}

export const Arrow = () => <a href="/x">it's a link</a>;

function compare(a, b) {
  return a < b ? a : b;
}

export class Widget extends React.Component {
  render() {
    const re = /<div>/;
    return <section>{this.props.children}</section>;
  }
}

module.exports = { compare };
exports.handler = async (event) => {
  return event;
};
