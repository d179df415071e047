// The object transfer is shared with the desktop's sync client, so it lives with the commit store.
export { ObjectStore, ObjectRejected } from '../../main/services/store/object-store';
