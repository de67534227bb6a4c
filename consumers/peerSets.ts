/**
 * The peer versions the consumer matrix installs: the oldest and the newest that the packages'
 * `peerDependencies` allow, and two mixes of React majors. Keep `oldest` equal to the declared
 * minimums: lowering one of its versions below them must fail the matrix.
 */
export interface PeerSet {
  /** Short name, also the name of its cached app directory. */
  name: string
  /** Exact versions of every peer (and of the React types and react-dom that go with them). */
  peers: Record<string, string>
}

/** Exact versions of the tools the throwaway apps build with. */
export const TOOLS: Record<string, string> = {
  '@types/node': '20.19.43',
  '@vitejs/plugin-react': '6.3.0',
  jsdom: '29.1.1',
  next: '16.4.6',
  typescript: '6.0.3',
  vite: '8.3.8',
}

/** React, the react-dom of the same version, and their types. */
const reactPeers = (react: string, types: string, domTypes: string) => ({
  react,
  'react-dom': react,
  '@types/react': types,
  '@types/react-dom': domTypes,
})
const oldestOthers = { '@tanstack/react-query': '5.48.0', zod: '4.5.0', openai: '6.2.0' }
const newestOthers = { '@tanstack/react-query': '5.108.0', zod: '4.6.7', openai: '6.49.0' }

/** Every peer set the matrix knows. */
export const PEER_SETS: readonly PeerSet[] = [
  { name: 'oldest', peers: { ...reactPeers('18.0.0', '18.2.71', '18.0.0'), ...oldestOthers } },
  { name: 'newest', peers: { ...reactPeers('19.3.1', '19.3.0', '19.3.0'), ...newestOthers } },
  // TanStack Query accepts React 19 in its own peer range from 5.52.1 on: the oldest pair.
  {
    name: 'react19-oldest',
    peers: {
      ...reactPeers('19.0.0', '19.0.0', '19.0.0'),
      ...oldestOthers,
      '@tanstack/react-query': '5.52.1',
    },
  },
  { name: 'react18-newest', peers: { ...reactPeers('18.3.1', '18.3.32', '18.3.7'), ...newestOthers } },
]

/**
 * The peer sets of this run. `CONSUMER_PEER_SETS=oldest,newest` picks some by name;
 * `CONSUMER_PEERS_OVERRIDE='{"zod":"4.0.0"}'` replaces versions in `oldest`, to show that a
 * peer below the declared minimum fails.
 */
export function selectPeerSets(env: Record<string, string | undefined> = process.env): PeerSet[] {
  const names = env.CONSUMER_PEER_SETS?.split(',').map((name) => name.trim())
  const override: unknown = env.CONSUMER_PEERS_OVERRIDE ? JSON.parse(env.CONSUMER_PEERS_OVERRIDE) : {}
  if (typeof override !== 'object' || override === null || Array.isArray(override)) {
    throw new TypeError('CONSUMER_PEERS_OVERRIDE must be a JSON object of package name to version')
  }
  return PEER_SETS.filter((set) => names === undefined || names.includes(set.name)).map((set) =>
    set.name === 'oldest'
      ? { ...set, peers: { ...set.peers, ...(override as Record<string, string>) } }
      : set,
  )
}

/** Whether Next.js 16 installs beside this React (its peer range is `^18.2.0 || ^19.0.0`). */
export function nextAcceptsReact(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major >= 19 || (major === 18 && minor >= 2)
}

/** One line naming the versions of a set, for test names and the table. */
export function describePeers(set: PeerSet): string {
  return Object.entries(set.peers)
    .map(([name, version]) => `${name.replace('@tanstack/', '')}@${version}`)
    .join(' ')
}
