/**
 * The kit's inbox (workflows/kit/entity-run.ts): what an update's validator reads as `busy` while the
 * story is handed a fact, takes it, and acts on it until the update is answered.
 */
import { Inbox } from '../../workflows/kit/entity-run';

describe('Inbox', () => {
  it('is busy from the fact handed over until its update is answered, taken or not', () => {
    const inbox = new Inbox<string>();
    expect(inbox.busy).toBe(false);

    const ticket = inbox.put('approve');
    expect([inbox.busy, inbox.has()]).toEqual([true, true]);

    expect(inbox.take()).toBe('approve');
    // Being acted on: the same step sent again is refused, and the story has nothing more to take.
    expect([inbox.busy, inbox.has()]).toEqual([true, false]);
    expect(inbox.take()).toBeUndefined();

    ticket.answered = true;
    expect([inbox.busy, inbox.has()]).toEqual([false, false]);
  });

  it('stays busy for a fact refused after it was taken until its update is answered', () => {
    const inbox = new Inbox<string>();
    const ticket = inbox.put('resume');
    inbox.take();

    inbox.refuse({ code: 'agreement.not_approvable', message: 'no', params: {} });
    expect(inbox.busy).toBe(true);
    ticket.answered = true;
    expect(inbox.busy).toBe(false);
  });

  it('is not busy once a fact not taken is dropped', () => {
    const inbox = new Inbox<string>();
    const ticket = inbox.put('amend');

    inbox.drop({ code: 'entity.process_ended', message: 'ended', params: {} });

    expect([inbox.busy, inbox.has(), ticket.dropped?.code]).toEqual([false, false, 'entity.process_ended']);
    expect(inbox.take()).toBeUndefined();
  });

  it('takes the next fact once the one before is answered', () => {
    const inbox = new Inbox<string>();
    const first = inbox.put('submit');
    inbox.take();
    first.answered = true;

    inbox.put('withdraw');

    expect(inbox.take()).toBe('withdraw');
  });
});
