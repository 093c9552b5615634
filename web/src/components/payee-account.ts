import type { payeeAccountViewSchema } from '@peixun/shared/browser';
import { onMounted, ref } from 'vue';
import type { z } from 'zod';
import { ApiProblem, messageOf } from '../api/client';
import { useFieldErrors } from './FieldErrors';

export type PayeeAccountView = z.infer<typeof payeeAccountViewSchema>;

/**
 * The payee account card's state, for a trainee's own account and an institution's settlement
 * account alike: loaded on mount (no account yet is an answer of 404, which opens the form), and
 * registered from the form (the number is sent without spaces and cleared once saved; the
 * service answers it masked).
 */
export function usePayeeAccount(read: () => Promise<PayeeAccountView>, write: (accountNumber: string) => Promise<PayeeAccountView>) {
  const account = ref<PayeeAccountView>();
  const loaded = ref(false);
  const loadError = ref('');
  const editing = ref(false);
  const saved = ref(false);
  const busy = ref(false);
  const errors = useFieldErrors();
  const accountNumber = ref('');

  async function load(): Promise<void> {
    try {
      account.value = await read();
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) editing.value = true;
      else loadError.value = messageOf(error);
    } finally {
      loaded.value = true;
    }
  }

  async function register(): Promise<void> {
    errors.clear();
    saved.value = false;
    busy.value = true;
    try {
      account.value = await write(accountNumber.value.replace(/\s/g, ''));
      accountNumber.value = '';
      editing.value = false;
      saved.value = true;
    } catch (error) {
      errors.show(error, '登记失败，请稍后再试。');
    } finally {
      busy.value = false;
    }
  }

  onMounted(load);
  return { account, loaded, loadError, editing, saved, busy, errors, accountNumber, register };
}
