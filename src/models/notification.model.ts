import { Schema, model } from 'mongoose';
import { NOTIFICATION_STATUSES } from '../../policies/vocabulary';

/**
 * The outbox of what a person must read or do (reminders, approvals due, reports due). Its text is
 * rendered in zh-CN and en from `template` and `params`. `notificationKey` makes a retried send one record.
 */
const notificationSchema = new Schema(
  {
    _id: { type: String, required: true },
    notificationKey: { type: String, required: true },
    recipient: { type: String, required: true },
    template: { type: String, required: true },
    params: { type: Schema.Types.Mixed, default: {} },
    subject: { type: new Schema({ type: String, id: String }, { _id: false }) },
    dueAt: Date,
    status: { type: String, enum: NOTIFICATION_STATUSES, required: true, default: 'pending' },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
notificationSchema.index({ notificationKey: 1 }, { unique: true });
notificationSchema.index({ recipient: 1, status: 1, dueAt: 1 });

export const NotificationModel = model('Notification', notificationSchema, 'notifications');
