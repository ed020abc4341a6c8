import { join } from 'path';
import * as ts from 'typescript';

/**
 * consumers/every-part.ts is the app every language builds to show that each public construct,
 * factory and prop crosses the language boundary: it must stay complete as the API grows. Read
 * with the TypeScript checker: every exported class is constructed, or each of its public static
 * methods called; every prop of every struct such a call takes is given in some call.
 */
const ROOT = join(__dirname, '..');
const EVERY_PART = join(ROOT, 'consumers', 'every-part.ts');
const INDEX = join(ROOT, 'src', 'index.ts');

const program = ts.createProgram([EVERY_PART], {
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.CommonJS,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
});
const checker = program.getTypeChecker();
const isPublic = (name: string) => !name.startsWith('_');
// eslint-disable-next-line no-bitwise
const is = (symbol: ts.Symbol | undefined, flag: ts.SymbolFlags) => symbol !== undefined && (symbol.flags & flag) !== 0;
const hasModifier = (member: ts.ClassElement, ...kinds: ts.SyntaxKind[]) =>
  ts.canHaveModifiers(member) && (ts.getModifiers(member) ?? []).some(m => kinds.includes(m.kind));
const isHidden = (member: ts.ClassElement) => hasModifier(member, ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword);
const isStatic = (member: ts.ClassElement) => hasModifier(member, ts.SyntaxKind.StaticKeyword);

/** What the library exports: its classes, and the structs (data interfaces) its calls take, by name. */
function exported(): { classes: ts.Symbol[]; structs: Map<string, ts.Type> } {
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
  const classes: ts.Symbol[] = [];
  const structs = new Map<string, ts.Type>();
  for (const symbol of checker.getExportsOfModule(moduleSymbol).filter(s => isPublic(s.name))) {
    const resolved = is(symbol, ts.SymbolFlags.Alias) ? checker.getAliasedSymbol(symbol) : symbol;
    if (!is(resolved, ts.SymbolFlags.Class)) {
      continue;
    }
    classes.push(resolved);
    const declaration = resolved.valueDeclaration as ts.ClassDeclaration;
    const calls = declaration.members.filter(member =>
      (ts.isConstructorDeclaration(member) || (ts.isMethodDeclaration(member) && isStatic(member)))
      && isPublic(member.name?.getText() ?? '') && !isHidden(member)) as ts.SignatureDeclaration[];
    for (const parameter of calls.flatMap(call => call.parameters)) {
      const type = checker.getNonNullableType(checker.getTypeAtLocation(parameter));
      const name = type.aliasSymbol?.name ?? type.symbol?.name;
      // A struct: an interface of data, not a behavioural interface (`IBreakGlassOrganizationHub`).
      if (name && is(type.symbol, ts.SymbolFlags.Interface) && !/^I[A-Z]/.test(name) && isPublic(name)) {
        structs.set(name, type);
      }
    }
  }
  return { classes, structs };
}

/** What every-part.ts does: the classes it constructs, the static methods it calls, the props each struct is given. */
function used(): { constructed: Set<string>; called: Set<string>; given: Map<string, Set<string>> } {
  const constructed = new Set<string>();
  const called = new Set<string>();
  const given = new Map<string, Set<string>>();
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node)) {
      constructed.add(node.expression.getText());
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      called.add(node.expression.getText());
    }
    if (ts.isObjectLiteralExpression(node)) {
      const contextual = checker.getContextualType(node);
      const type = contextual && checker.getNonNullableType(contextual);
      const name = type?.aliasSymbol?.name ?? type?.symbol?.name;
      if (name) {
        const props = given.get(name) ?? new Set<string>();
        node.properties.forEach(property => property.name && props.add(property.name.getText()));
        given.set(name, props);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(program.getSourceFile(EVERY_PART)!);
  return { constructed, called, given };
}

const library = exported();
const app = used();

test('every-part.ts type-checks', () => {
  const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(EVERY_PART));
  expect(diagnostics.map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
});

test.each(library.classes.map(c => [c.name, c] as const))('every-part.ts makes %s with each of its public constructor and static methods', (name, symbol) => {
  const declaration = symbol.valueDeclaration as ts.ClassDeclaration;
  const publicMembers = declaration.members.filter(member => !isHidden(member));
  const expected = [
    ...publicMembers.filter(ts.isConstructorDeclaration).map(() => `new ${name}`),
    ...publicMembers.filter(ts.isMethodDeclaration)
      .filter(member => isStatic(member) && isPublic(member.name.getText()))
      .map(member => `${name}.${member.name.getText()}`),
  ];
  const done = (call: string) => call.startsWith('new ') ? app.constructed.has(name) : app.called.has(call);
  expect(expected.filter(call => !done(call))).toEqual([]);
  expect(expected.length).toBeGreaterThan(0);
});

test.each([...library.structs].map(([name, type]) => [name, type] as const))('every-part.ts gives every prop of %s', (name, type) => {
  const given = app.given.get(name) ?? new Set<string>();
  const props = checker.getPropertiesOfType(type).map(p => p.name);
  expect(props.filter(prop => !given.has(prop))).toEqual([]);
});
