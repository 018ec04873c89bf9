/** `1 touchpoint`, `3 stages`: English counts for messages, hovers and the map's header. */
export function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
