// The small part of Web Chat's browser global (dist/webchat.js) the pages use.

export interface Subscribable<T> {
  subscribe(observer: { next(value: T): void; error?(err: unknown): void }): { unsubscribe(): void };
}

export interface DirectLine {
  connectionStatus$: Subscribable<number>;
  activity$: Subscribable<{ type: string; [key: string]: unknown }>;
}

export interface WebChatGlobal {
  createDirectLine(options: { domain?: string; token: string; webSocket?: boolean; conversationId?: string }): DirectLine;
  renderWebChat(props: Record<string, unknown>, element: HTMLElement): void;
}
