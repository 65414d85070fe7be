// An invoice runner for the log corpus that fails in known ways; each
// failure is logged on one line with a timestamp and the exception's
// ToString (the trace follows on the next lines), as a small logger would,
// and a worker thread dies of an unhandled exception at the end.
using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Billing.Runner
{
    class InvoiceException : Exception
    {
        public InvoiceException(string message, Exception inner) : base(message, inner) { }
    }

    static class Invoices
    {
        static string ReadRates(int id)
        {
            return File.ReadAllText("rates-" + id + ".csv");
        }

        static string LoadRates(int id)
        {
            try
            {
                return ReadRates(id);
            }
            catch (IOException ex)
            {
                throw new InvoiceException("invoice " + id + ": rates unavailable", ex);
            }
        }

        static async Task<int> FetchTotalAsync(int id)
        {
            await Task.Delay(1);
            int lines = id % 3 - id % 3;
            return 1000 / lines;
        }

        static int Total(int id)
        {
            return FetchTotalAsync(id).GetAwaiter().GetResult();
        }

        static int Discount(object raw)
        {
            return (int)raw;
        }

        static void Log(string level, string what)
        {
            Console.Error.WriteLine(DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ") + " " + level + " " + what);
        }

        static void Archive(int[] months)
        {
            Console.WriteLine("archived " + months[12]);
        }

        static void Main(string[] args)
        {
            string[] plan = { "rates", "total", "ok", "cast", "total", "rates", "ok", "total", "cast", "rates", "total" };
            int id = 88000;
            foreach (string what in plan)
            {
                id += 31;
                try
                {
                    switch (what)
                    {
                        case "rates":
                            LoadRates(id);
                            break;
                        case "total":
                            Total(id);
                            break;
                        case "cast":
                            Discount("15%");
                            break;
                        default:
                            Log("INFO", "invoice " + id + " billed");
                            break;
                    }
                }
                catch (Exception ex)
                {
                    Log("ERROR", "invoice " + id + " failed: " + ex);
                }
            }
            Thread t = new Thread(() => Archive(new int[12]));
            t.Name = "archiver";
            t.Start();
            t.Join();
        }
    }
}
