/**
 * Shell completion, in cobra's `__complete` protocol (what kubectl speaks to a plugin's
 * `kubectl_complete-<name>` executable): given the words typed so far and the one being completed, print
 * one candidate a line (`value<TAB>description`), then `:<directive>` (4: no file completion, 0: files).
 * Commands, flags and `-o` values come from the commander program; namespaces, endpoint names and
 * identity IDs from the source the typed flags point at (the cluster, `--from` or `--demo`).
 */
import type { Command, Option } from 'commander';
import { COMMAND_SPECS, type OutputFormat } from '../commands/specs.js';
import { isTerminalSafe } from '../print/sanitize.js';
import { CILIUM_RELEASES } from '../view/columns.js';

export type Lookup = (
  what: 'namespaces' | 'endpoints' | 'identities',
  raw: Record<string, unknown>,
) => Promise<string[]>;

const NO_FILES = 4;
const FILES = 0;

const FIXED_VALUES: Record<string, readonly string[]> = {
  color: ['auto', 'always', 'never'],
  ciliumVersion: CILIUM_RELEASES,
};

export async function complete(program: Command, words: readonly string[], lookup: Lookup): Promise<string> {
  const typed = words.slice(0, -1);
  const current = words.at(-1) ?? '';
  const command = program.commands.find((c) => typed.some((word) => c.name() === word || c.aliases().includes(word)));
  if (command === undefined) {
    return reply(
      program.commands
        .filter((c) => c.name() !== '__complete' && c.name().startsWith(current))
        .map((c) => `${c.name()}\t${c.description()}`),
      NO_FILES,
    );
  }
  const options = command.options as readonly Option[];
  const previous = options.find((o) => typed.at(-1) === o.long || typed.at(-1) === o.short);
  if (previous !== undefined && (previous.required || previous.optional)) {
    const name = previous.attributeName();
    const fixed = name === 'output' ? outputValues(command.name()) : FIXED_VALUES[name];
    if (fixed !== undefined)
      return reply(
        fixed.filter((value) => value.startsWith(current)),
        NO_FILES,
      );
    if (name === 'namespace') return reply(await dynamic('namespaces', command, typed, lookup, current), NO_FILES);
    return reply([], FILES);
  }
  if (current.startsWith('-')) {
    const flags = options.flatMap((o) => [o.long, o.short]).filter((f): f is string => f !== undefined);
    return reply(
      flags.filter((flag) => flag.startsWith(current)),
      NO_FILES,
    );
  }
  if (command.name() === 'completion')
    return reply(
      ['bash', 'zsh', 'fish'].filter((s) => s.startsWith(current)),
      NO_FILES,
    );
  const what = command.name() === 'endpoints' ? 'endpoints' : 'identities';
  if (!['endpoints', 'identities', 'who-shares'].includes(command.name())) return reply([], NO_FILES);
  return reply(await dynamic(what, command, typed, lookup, current), NO_FILES);
}

/** The `-o` values the command prints (its spec), `jsonpath=` and `custom-columns=` awaiting their argument. */
function outputValues(name: string): string[] {
  const formats: readonly OutputFormat[] = COMMAND_SPECS.find((spec) => spec.name === name)?.formats ?? [];
  return formats.map((format) => (format === 'jsonpath' || format === 'custom-columns' ? `${format}=` : format));
}

/**
 * Values from the source the typed flags name; nothing (not an error) when it cannot be read. A value
 * holding a control character (a line break would forge a line of the protocol, a tab a description) or
 * a bidi control cannot be typed anyway: it is left out.
 */
async function dynamic(
  what: 'namespaces' | 'endpoints' | 'identities',
  command: Command,
  typed: readonly string[],
  lookup: Lookup,
  current: string,
): Promise<string[]> {
  const raw: Record<string, unknown> = {};
  const options = command.options as readonly Option[];
  typed.forEach((word, i) => {
    const option = options.find((o) => word === o.long || word === o.short);
    if (option === undefined) return;
    const name = option.attributeName();
    const value = option.required ? typed[i + 1] : true;
    // Repeatable flags (--from, --context) collect their values, as commander does.
    const previous = raw[name] ?? option.defaultValue;
    raw[name] = Array.isArray(previous) ? [...previous, value] : value;
  });
  const values = await lookup(what, raw).catch(() => []);
  return values.filter((value) => value.startsWith(current) && isTerminalSafe(value));
}

function reply(candidates: readonly string[], directive: number): string {
  return `${candidates.map((candidate) => `${candidate}\n`).join('')}:${directive}\n`;
}

/**
 * The script `cilium-view completion SHELL` prints: it asks `cilium-view __complete` for candidates.
 * Candidates are data (object names from a cluster or a customer's files): no script hands them to
 * anything that expands them (bash's `compgen -W` runs `$(...)` and backticks), and each shell inserts
 * them quoted (bash: `printf %q`; zsh's `compadd` and fish quote on their own).
 */
export function completionScript(shell: 'bash' | 'zsh' | 'fish'): string {
  switch (shell) {
    case 'bash':
      return `# cilium-view completion for bash: source <(cilium-view completion bash)
_cilium_view() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" out line quoted directive
  out=$(cilium-view __complete "\${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null) || return
  directive="\${out##*:}"
  out="\${out%:*}"
  COMPREPLY=()
  while IFS= read -r line; do
    line=\${line%%$'\\t'*}
    if [[ -n "$line" && "$line" == "$cur"* ]]; then
      printf -v quoted '%q' "$line"
      COMPREPLY+=("$quoted")
    fi
  done <<<"$out"
  if [[ \${#COMPREPLY[@]} -eq 0 && "$directive" == 0 ]]; then compopt -o default; fi
}
complete -F _cilium_view cilium-view
`;
    case 'zsh':
      return `#compdef cilium-view
# cilium-view completion for zsh: source <(cilium-view completion zsh)
_cilium_view() {
  local out
  local -a lines candidates
  out=$(cilium-view __complete "\${(@)words[2,CURRENT-1]}" "\${words[CURRENT]}" 2>/dev/null) || return
  lines=("\${(@f)out}")
  candidates=("\${(@)lines[1,-2]%%$'\\t'*}")
  if [[ "\${lines[-1]}" == :0 && \${#candidates} -eq 0 ]]; then _files; else compadd -a candidates; fi
}
compdef _cilium_view cilium-view
`;
    case 'fish':
      return `# cilium-view completion for fish: cilium-view completion fish | source
function __cilium_view_complete
    set -l words (commandline -opc)
    cilium-view __complete $words[2..-1] (commandline -ct) 2>/dev/null | sed '$d' | cut -f1
end
complete -c cilium-view -f -a '(__cilium_view_complete)'
`;
  }
}
