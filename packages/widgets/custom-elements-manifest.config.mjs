/**
 * `cem analyze` (run by `pnpm build:package`): dist-pkg/custom-elements.json from the elements' JSDoc (@summary,
 * @fires, @csspart, @cssproperty) and their Lit properties.
 */
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/react.ts'],
  outdir: 'dist-pkg',
  litelement: true,
  plugins: [defineElementCalls(), firesOnly()],
};

/**
 * Tags are defined through `defineElement('user-table', UserTable)` (it skips a tag already taken), which the analyzer
 * does not know: this reads those calls and gives each class its tag and each define module its definition export.
 */
function defineElementCalls() {
  const definitions = [];
  return {
    name: 'roster-define-element',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'defineElement') return;
      const [tag, ctor] = node.arguments;
      if (tag && ctor && ts.isStringLiteral(tag) && ts.isIdentifier(ctor)) definitions.push({ module: moduleDoc, tagName: tag.text, className: ctor.text });
    },
    packageLinkPhase({ customElementsManifest }) {
      // defineElement's own `customElements.define(tag, ctor)` is no definition of a tag.
      const classes = new Set(customElementsManifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement).map((d) => d.name)));
      for (const m of customElementsManifest.modules) m.exports = m.exports?.filter((e) => e.kind !== 'custom-element-definition' || classes.has(e.declaration.name));
      for (const { module, tagName, className } of definitions) {
        const home = customElementsManifest.modules.find((m) => m.declarations?.some((d) => d.customElement && d.name === className));
        if (!home) throw new Error(`defineElement('${tagName}', ${className}): no custom element class ${className} found`);
        home.declarations.find((d) => d.name === className).tagName = tagName;
        const target = customElementsManifest.modules.find((m) => m.path === module.path);
        target.exports = [...(target.exports ?? []), { kind: 'custom-element-definition', name: tagName, declaration: { name: className, module: home.path } }];
      }
    },
  };
}

/**
 * The analyzer also guesses events from `dispatchEvent(new SomeEvent(arg))`, reading the first argument as the name
 * (for our Event subclasses that is `user`, or empty): the JSDoc's @fires lines are the events, so only they stay.
 */
function firesOnly() {
  return {
    name: 'roster-fires-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const m of customElementsManifest.modules)
        for (const d of m.declarations ?? []) if (d.customElement && d.events) d.events = d.events.filter((e) => e.description);
    },
  };
}
