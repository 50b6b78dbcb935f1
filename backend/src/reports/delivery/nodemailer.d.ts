/** The slice of nodemailer's API used here (the package ships no types; @types/nodemailer is not installed). */
declare module 'nodemailer' {
  interface Attachment {
    filename: string;
    path: string;
    contentType?: string;
  }
  interface Mail {
    from: string;
    to: string[];
    messageId?: string;
    subject: string;
    text: string;
    html?: string;
    attachments?: Attachment[];
  }
  interface Transporter {
    sendMail(mail: Mail): Promise<{ messageId: string; accepted: string[]; rejected: string[] }>;
    close(): void;
  }
  const nodemailer: { createTransport(url: string): Transporter };
  export default nodemailer;
}
